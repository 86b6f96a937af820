/**
 * The logger the bus accepts. Minimal on purpose so any structured logger (pino, the CLI's) fits through a thin
 * adapter. Fields must be low-cardinality context (topic, partition, error code), never record values: mention
 * text is user data and never reaches logs.
 */
export interface BusLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
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
  const emit = (lvl: Exclude<BusLogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < RANK[level]) return;
    write(JSON.stringify({ level: lvl, time: new Date().toISOString(), ...base, msg, ...fields }) + '\n');
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Discards everything; for tests that assert on behaviour rather than logs. */
export const silentLogger: BusLogger = { debug() {}, info() {}, warn() {}, error() {} };
