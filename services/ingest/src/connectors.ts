import { join } from 'node:path';
import { connectorsConfigFromEnv } from '@vakt/connectors/config';
import type { Connector } from '@vakt/connectors/connector';
import { createConnectorsFromConfig } from '@vakt/connectors/factory';
import type { CleanupStack } from '@vakt/pipeline/lifecycle';
import type { Logger } from '@vakt/pipeline/logger';
import type { MentionInput } from '@vakt/schema/mention';

/**
 * Builds the source connectors configured in the environment (see packages/connectors/README.md), before anything
 * connects: a bad connector setting stops the service at start, naming it (VAKT_CONFIG_INVALID).
 */
export function planConnectors(deps: { env: Readonly<Record<string, string | undefined>>; dataDir: string }): Connector[] {
  const cfg = connectorsConfigFromEnv({ VAKT_CURSOR_FILE: join(deps.dataDir, 'cursors.json'), ...deps.env });
  if (!cfg.ok) throw cfg.error;
  return createConnectorsFromConfig(cfg.value);
}

/**
 * Starts the planned connectors. Each hands batches to `submit`, which resolves once they are durable in the bus;
 * only then does the connector advance its cursor, so a restart resumes without gaps. A batch the bus refused
 * rejects, and the connector retries it.
 */
export async function startConnectors(connectors: Connector[], deps: {
  submit: (items: readonly MentionInput[]) => Promise<{ rejected: unknown[] }>;
  log: Logger;
  cleanup: CleanupStack;
}): Promise<string[]> {
  for (const connector of connectors) {
    await connector.start(async (batch) => {
      const summary = await deps.submit(batch);
      if (summary.rejected.length > 0) deps.log.warn({ connector: connector.name, rejected: summary.rejected.length }, 'connector produced mentions that failed validation');
    });
    deps.cleanup.defer(`connector ${connector.name}`, () => connector.stop());
  }
  if (connectors.length > 0) deps.log.info({ connectors: connectors.map((c) => c.name) }, 'connectors started');
  return connectors.map((c) => c.name);
}
