import { connectorsConfig } from '@vakt/connectors/config';
import type { Connector } from '@vakt/connectors/connector';
import { describeConnectors, incompleteConnectorSettings } from '@vakt/connectors/describe';
import { createConnectorsFromConfig } from '@vakt/connectors/factory';
import type { ConnectorSettingValues } from '@vakt/connectors/settings';
import type { ConnectorHealth } from '@vakt/connectors/health';
import type { CleanupStack } from '@vakt/pipeline/lifecycle';
import type { Logger } from '@vakt/pipeline/logger';
import type { MentionInput } from '@vakt/schema/mention';

/** The connectors a process will run, what each follows, and the settings that are present but do nothing. */
export interface ConnectorPlan {
  connectors: Connector[];
  /** One line per connector: `rss: 2 feeds every 300 s: https://…, https://…`. */
  following: string[];
  warnings: string[];
}

/**
 * Builds the source connectors from the connector settings (see packages/connectors/README.md), before anything
 * connects: a bad connector setting stops the process at start, naming it (VAKT_CONFIG_INVALID). `vakt service
 * ingest` and `vakt up` both call this with the same settings; cursors default to <dataDir>/cursors.json.
 */
export function planConnectors(deps: { settings: ConnectorSettingValues; dataDir: string }): ConnectorPlan {
  const cfg = connectorsConfig(deps.settings, deps.dataDir);
  if (!cfg.ok) throw cfg.error;
  return {
    connectors: createConnectorsFromConfig(cfg.value),
    following: describeConnectors(cfg.value),
    warnings: incompleteConnectorSettings(deps.settings, cfg.value),
  };
}

/** Logs what the plan follows (or that no connector is on) and warns about each unused connector setting. */
export function logConnectorPlan(plan: ConnectorPlan, log: Logger): void {
  for (const w of plan.warnings) log.warn({ code: 'VAKT_CONFIG_INVALID' }, `connector setting ignored: ${w}`);
  if (plan.following.length === 0)
    log.info({ connectors: [] }, 'no source connectors configured (only POST /v1/mentions)');
  for (const line of plan.following) log.info({ connector: line.slice(0, line.indexOf(':')) }, `connector on: ${line}`);
}

/** Health of every running connector, per feed/instance/query: what `/v1/sources` and the admin page show. */
export const connectorHealth = (connectors: readonly Connector[]) => (): ConnectorHealth[] =>
  connectors.map((c) => c.health());

/**
 * Starts the planned connectors. Each hands batches to `submit`, which resolves once they are durable (in the bus,
 * or in chdb in embedded mode); only then does the connector advance its cursor, so a restart resumes without gaps.
 * A batch that was refused rejects, and the connector retries it.
 */
export async function startConnectors(
  connectors: Connector[],
  deps: {
    submit: (items: readonly MentionInput[]) => Promise<{ rejected: unknown[] }>;
    log: Logger;
    cleanup: CleanupStack;
  },
): Promise<string[]> {
  for (const connector of connectors) {
    await connector.start(async (batch) => {
      const summary = await deps.submit(batch);
      if (summary.rejected.length > 0)
        deps.log.warn(
          { connector: connector.name, rejected: summary.rejected.length },
          'connector produced mentions that failed validation',
        );
    });
    deps.cleanup.defer(`connector ${connector.name}`, () => connector.stop());
  }
  if (connectors.length > 0) deps.log.info({ connectors: connectors.map((c) => c.name) }, 'connectors started');
  return connectors.map((c) => c.name);
}
