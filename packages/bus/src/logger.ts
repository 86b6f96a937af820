/**
 * The logger the bus accepts: pino's calling convention `(fields, msg)`, so a pino logger (what `@vakt/pipeline`
 * uses) can be passed as it is. Fields are low-cardinality context (topic, partition, error name/code), never
 * record values: mention text is user data and never reaches logs.
 */
export interface BusLogger {
  debug(fields: Record<string, unknown>, msg: string): void;
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
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
): BusLogger {
  const emit = (lvl: Exclude<BusLogLevel, 'silent'>) => (fields: Record<string, unknown>, msg: string) => {
    if (RANK[lvl] < RANK[level]) return;
    write(JSON.stringify({ level: lvl, time: new Date().toISOString(), ...base, msg, ...fields }) + '\n');
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Discards everything; for tests that assert on behaviour rather than logs. */
export const silentLogger: BusLogger = { debug() {}, info() {}, warn() {}, error() {} };
