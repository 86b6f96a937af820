import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * JSON logs on stderr, always: stdout belongs to commands that speak JSONL (`vakt score --jsonl`). Mention text must
 * never be passed to a logger; log ids and codes instead.
 */
export function createLogger(opts: { name: string; level?: string }): Logger {
  return pino({ name: opts.name, level: opts.level ?? 'info', base: { svc: opts.name } }, pino.destination({ fd: 2, sync: false }));
}

/** A logger that drops everything, for tests and library defaults. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
