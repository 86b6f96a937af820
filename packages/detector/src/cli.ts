import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createRecordDetector, type RecordDetectorOptions } from './record-detector.js';

/**
 * `vakt detect --jsonl`: reads `{"ts":"<ISO>","value":<number>}` lines, writes one `{"ts","score","alert"}` line per
 * point, in order. Each answer is written synchronously from the `line` event, before the next line is read, so a
 * caller that sends point i+1 only after reading answer i never deadlocks (no look-ahead, no batching). A malformed
 * line gets an error on `errors` naming its line number and an answer with `score: 0, alert: false` and an `error`
 * field, so the 1:1 line contract holds and the run goes on.
 */
export interface DetectJsonlOptions {
  detector?: RecordDetectorOptions;
  /** Where per-line errors go (stderr in the CLI). */
  errors?: Writable;
}

export interface DetectJsonlSummary {
  points: number;
  alerts: number;
  malformed: number;
}

interface ParsedPoint {
  tsRaw: unknown;
  ts: number;
  value: number;
}

function parseLine(line: string): ParsedPoint | string {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return 'expected a JSON object {"ts","value"}';
  const rec = obj as Record<string, unknown>;
  const ts = typeof rec.ts === 'string' ? Date.parse(rec.ts) : typeof rec.ts === 'number' ? rec.ts : NaN;
  if (!Number.isFinite(ts)) return '"ts" must be an ISO 8601 time (or epoch milliseconds)';
  const value = typeof rec.value === 'number' ? rec.value : typeof rec.value === 'string' ? Number(rec.value) : NaN;
  if (!Number.isFinite(value)) return '"value" must be a finite number';
  return { tsRaw: rec.ts, ts, value };
}

/** Runs the detector over `input` until EOF. Resolves with counts once every answer has been written. */
export function detectJsonl(
  input: Readable,
  output: Writable,
  options: DetectJsonlOptions = {},
): Promise<DetectJsonlSummary> {
  const detector = createRecordDetector(options.detector);
  const summary: DetectJsonlSummary = { points: 0, alerts: 0, malformed: 0 };
  const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
  let lineNo = 0;
  rl.on('line', (raw) => {
    lineNo += 1;
    const line = raw.trim();
    if (line === '') return;
    const parsed = parseLine(line);
    if (typeof parsed === 'string') {
      summary.malformed += 1;
      options.errors?.write(`vakt detect: line ${lineNo}: ${parsed}; answered with score 0\n`);
      let tsRaw: unknown = null;
      try {
        const o = JSON.parse(line) as Record<string, unknown>;
        if (typeof o?.ts === 'string' || typeof o?.ts === 'number') tsRaw = o.ts;
      } catch {
        // Not JSON at all: there is no ts to echo.
      }
      output.write(JSON.stringify({ ts: tsRaw, score: 0, alert: false, error: `line ${lineNo}: ${parsed}` }) + '\n');
      return;
    }
    const v = detector.push({ ts: parsed.ts, value: parsed.value });
    summary.points += 1;
    if (v.alert) summary.alerts += 1;
    output.write(JSON.stringify({ ts: parsed.tsRaw, score: Number(v.score.toFixed(6)), alert: v.alert }) + '\n');
  });
  return new Promise((resolve, reject) => {
    rl.on('close', () => resolve(summary));
    input.on('error', reject);
  });
}
