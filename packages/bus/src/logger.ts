/**
 * The logger every package and service accepts: pino's calling convention `(fields, msg)`, so the pino logger that
 * `@vakt/pipeline/logger` creates can be passed as it is, and tests can pass a plain object. It is declared here, in
 * the lowest package that logs, so that nothing below the services needs pino. Fields are low-cardinality context
 * (topic, partition, error name/code), never record values: mention text is user data and never reaches logs.
 */
export interface Logger {
  debug(fields: object, msg?: string): void;
  info(fields: object, msg?: string): void;
  warn(fields: object, msg?: string): void;
  error(fields: object, msg?: string): void;
}

export type BusLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<BusLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * One JSON object per line on stderr (stdout stays free for JSONL commands). `write` is injectable for tests.
 */
export function createStderrLogger(
  level: BusLogLevel = 'info',
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const emit = (lvl: Exclude<BusLogLevel, 'silent'>) => (fields: object, msg?: string) => {
    if (RANK[lvl] < RANK[level]) return;
    write(JSON.stringify({ level: lvl, time: new Date().toISOString(), ...base, msg, ...fields }) + '\n');
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Discards everything; for tests that assert on behaviour rather than logs. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
