import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

/** Collects the lines a logger writes. */
function capture(): { stream: Writable & { write(chunk: string): boolean }; lines: () => string[] } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return {
    stream: stream as Writable & { write(chunk: string): boolean },
    lines: () => text.split('\n').filter(Boolean),
  };
}
const svcKeys = (line: string): number => line.match(/"svc":/g)?.length ?? 0;
/** Top-level keys a line prints more than once (JSON.parse keeps only the last, so count them in the text). */
const repeatedKeys = (line: string): string[] => {
  const keys = [...line.matchAll(/[{,]"([^"]+)":/g)].map((m) => m[1]!);
  return keys.filter((k, i) => keys.indexOf(k) !== i);
};

describe('issue 17 item 8: a log line carries one "svc" key', () => {
  it('a component logger of vakt up (child with its own svc) prints only its svc, once', () => {
    const out = capture();
    const root = createLogger({ name: 'vakt', level: 'info', destination: out.stream });
    root.info('top');
    root.child({ svc: 'ingest' }).warn({ code: 'X' }, 'from ingest');
    root.child({ svc: 'sink' }).child({ stage: 'dlq-archive' }).info('nested');
    const lines = out.lines();
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(svcKeys(line), line).toBe(1);
    // `vakt up` printed `"name":"vakt"` twice on every component's line once the svc was fixed.
    for (const line of lines) expect(repeatedKeys(line), line).toEqual([]);
    expect(lines.map((l) => (JSON.parse(l) as { svc: string }).svc)).toEqual(['vakt', 'ingest', 'sink']);
    expect(JSON.parse(lines[2]!)).toMatchObject({ name: 'vakt', stage: 'dlq-archive', msg: 'nested' });
  });

  it('other bindings and the level survive a svc change further down', () => {
    const out = capture();
    const root = createLogger({ name: 'vakt', level: 'warn', destination: out.stream });
    const tagged = root.child({ request: 'r1' }).child({ svc: 'alerter' }).child({ svc: 'deliverer' });
    tagged.info('below the level');
    tagged.error('kept');
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(svcKeys(lines[0]!)).toBe(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ svc: 'deliverer', request: 'r1', msg: 'kept' });
  });
});
