import type { ConfigOf, ConfigSpec, CrossCheck } from '@vakt/config/spec';
import { CleanupStack, onShutdownSignal } from '@vakt/pipeline/lifecycle';
import { createLogger, type Logger } from '@vakt/pipeline/logger';
import { loadCommandConfig, type CommandIo } from './command.js';

/** What a service's `start` gets besides its configuration. */
export interface ServiceContext {
  log: Logger;
  /** Every resource registers its closer here as soon as it exists: a failed start rolls back as a stop does. */
  cleanup: CleanupStack;
  env: CommandIo['env'];
}

/** One service as `vakt service <name>` runs it: its settings and how it starts. */
export interface ServiceRunner<C extends ConfigSpec> {
  /** The name after `vakt service`, and the logger's name. */
  name: string;
  spec: C;
  /** One line for `--help`. */
  summary: string;
  checks?: ReadonlyArray<CrossCheck<ConfigOf<C>>>;
  /**
   * The whole budget for a graceful stop after SIGINT/SIGTERM (or a failed start): closers run in reverse order, each
   * given what the ones before left of it (`CleanupStack.closeAll`); closers still open after it are abandoned.
   */
  stopDeadlineMs: number;
  /** Connects clients, builds the app (`App`) and starts it, deferring each closer on `ctx.cleanup`. */
  start(config: ConfigOf<C>, ctx: ServiceContext): Promise<void>;
}

/**
 * Runs a service until SIGINT/SIGTERM: loads its settings (`--help`, or exit 2 naming every bad setting), starts it,
 * and on a signal closes everything it opened in reverse order. A start that fails closes what it had opened and
 * rejects. Never resolves otherwise: the process lives until the signal handler exits it.
 */
export async function runService<C extends ConfigSpec>(io: CommandIo, service: ServiceRunner<C>): Promise<never> {
  const { config } = loadCommandConfig(
    io,
    service.spec,
    `vakt service ${service.name} [options]`,
    service.summary,
    service.checks,
  );
  const level = (config as { logLevel?: unknown }).logLevel;
  const log = createLogger({ name: service.name, ...(typeof level === 'string' ? { level } : {}) });
  const cleanup = new CleanupStack(log);
  try {
    await service.start(config, { log, cleanup, env: io.env });
  } catch (e) {
    await cleanup.closeAll(service.stopDeadlineMs);
    throw e;
  }
  onShutdownSignal(() => cleanup.closeAll(service.stopDeadlineMs), log);
  return new Promise<never>(() => undefined);
}
