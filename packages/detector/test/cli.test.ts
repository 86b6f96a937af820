import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { detectJsonl } from '../src/cli.js';
import { createRecordDetector } from '../src/record-detector.js';

// The built entry (turbo builds a package before its tests): the binary `vakt-detect` is, with no loader in between.
const MAIN = fileURLToPath(new URL('../dist/cli-main.js', import.meta.url));

describe('vakt detect --jsonl', () => {
  it('answers each point before the next is written (lock-step child process, no look-ahead)', async () => {
    // The child gets point i+1 only after we read its answer to point i: a detector that waits for more input
    // (buffered reads, batching) would deadlock here and the test would time out.
    const child = spawn(process.execPath, [MAIN], { stdio: ['pipe', 'pipe', 'pipe'] });
    const answers = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const t0 = Date.UTC(2026, 0, 5);
    const got: Array<{ ts: string; score: number; alert: boolean }> = [];
    try {
      for (let i = 0; i < 40; i++) {
        const ts = new Date(t0 + i * 60_000).toISOString();
        child.stdin!.write(JSON.stringify({ ts, value: i % 7 }) + '\n');
        const next = await answers.next();
        expect(next.done).toBe(false);
        const line = JSON.parse(next.value as string) as { ts: string; score: number; alert: boolean };
        expect(line.ts).toBe(ts);
        got.push(line);
      }
    } finally {
      child.stdin!.end();
    }
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(got).toHaveLength(40);
    for (const g of got) {
      expect(typeof g.alert).toBe('boolean');
      expect(g.score).toBeGreaterThanOrEqual(0);
      expect(g.score).toBeLessThanOrEqual(1);
    }
  }, 30_000);

  it('a malformed line gets an error naming its line number and the run goes on', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const errors = new PassThrough();
    const lines: string[] = [];
    output.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    let errText = '';
    errors.on('data', (b: Buffer) => (errText += b.toString()));
    const done = detectJsonl(input, output, { errors });
    input.end(
      [
        '{"ts":"2026-01-05T00:00:00Z","value":1}',
        'not json',
        '{"ts":"2026-01-05T00:02:00Z","value":"x"}',
        '{"ts":"2026-01-05T00:03:00Z","value":2}',
      ].join('\n') + '\n',
    );
    const summary = await done;
    expect(summary).toEqual({ points: 2, alerts: 0, malformed: 2 });
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[1]!)).toMatchObject({ ts: null, score: 0, alert: false });
    expect(JSON.parse(lines[2]!)).toMatchObject({ ts: '2026-01-05T00:02:00Z', alert: false });
    expect(errText).toContain('line 2: not valid JSON');
    expect(errText).toContain('line 3: "value" must be a finite number');
  });

  it("answers with the record detector's verdicts (same alerts and scores as calling it directly)", async () => {
    const t0 = Date.UTC(2026, 0, 5);
    const points = Array.from({ length: 4 * 288 }, (_, i) => ({
      ts: t0 + i * 300_000,
      value: i === 3 * 288 + 100 ? 400 : 10 + (i % 7),
    }));
    const input = new PassThrough();
    const output = new PassThrough();
    const lines: string[] = [];
    output.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    const done = detectJsonl(input, output);
    input.end(
      points.map((p) => JSON.stringify({ ts: new Date(p.ts).toISOString(), value: p.value })).join('\n') + '\n',
    );
    const summary = await done;
    const d = createRecordDetector();
    const direct = points.map((p) => d.push(p));
    const got = lines.map((l) => JSON.parse(l) as { score: number; alert: boolean });
    expect(got.map((g) => g.alert)).toEqual(direct.map((v) => v.alert));
    expect(got.map((g) => g.score)).toEqual(direct.map((v) => Number(v.score.toFixed(6))));
    expect(summary.alerts).toBe(1);
  });
});
