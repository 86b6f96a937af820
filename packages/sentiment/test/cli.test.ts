import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { explainTable, parseItem, scoreJsonl, type BatchScorer } from '../src/cli.js';

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('scoreJsonl', () => {
  // the contract: one output line per valid input, in order; malformed lines reported by number, run continues
  it('scores valid lines in order and reports malformed ones by line number', async () => {
    const input = Readable.from([
      '{"id":"a","text":"det är inte otrevligt","lang":"sv"}\n',
      'not json\n',
      '{"id":2,"text":"The food was not very good"}\n',
      '\n',
      '{"id":"c"}\n',
      '{"id":"d","text":"skitdåligt 😡","lang":"xx"}\n',
    ]);
    const out = collect();
    const err = collect();
    const summary = await scoreJsonl(input, out.stream, err.stream);
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: unknown; label: string; score: number });
    expect(lines.map((l) => l.id)).toEqual(['a', 2, 'd']);
    expect(lines.map((l) => l.label)).toEqual(['positive', 'negative', 'negative']);
    for (const l of lines) expect(l.score).toBeGreaterThanOrEqual(-1);
    expect(err.text()).toContain('line 2: VAKT_SCHEMA_INVALID: not valid JSON');
    expect(err.text()).toContain('line 5: VAKT_SCHEMA_INVALID: "text" must be a string');
    expect(summary).toEqual({ lines: 6, scored: 3, failed: 2 });
  });
  // error messages never echo the mention text
  it('does not echo input in errors', async () => {
    const err = collect();
    await scoreJsonl(Readable.from(['{"id":1,"text":"secret personal text",\n']), collect().stream, err.stream);
    expect(err.text()).not.toContain('secret');
  });
  // a custom (e.g. learned) scorer gets batches and its extra fields are passed through
  it('uses an injected batch scorer and keeps order across batches', async () => {
    const seen: number[] = [];
    const scorer: BatchScorer = async (items) => {
      seen.push(items.length);
      return items.map((i) => ({ id: i.id, label: 'neutral' as const, score: 0, model: 'test' }));
    };
    const rows = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ id: i, text: `t${i}` }) + '\n');
    const out = collect();
    const s = await scoreJsonl(Readable.from([rows.join('')]), out.stream, collect().stream, scorer, 64);
    const ids = out
      .text()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: number; model: string }).id);
    expect(ids).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Math.max(...seen)).toBeLessThanOrEqual(64);
    expect(s.scored).toBe(1000);
  });
  // a failing scorer fails its batch's lines, not the run
  it('survives a throwing scorer', async () => {
    let calls = 0;
    const scorer: BatchScorer = (items) => {
      if (calls++ === 0) throw new Error('boom');
      return items.map((i) => ({ id: i.id, label: 'neutral' as const, score: 0 }));
    };
    const input = new PassThrough();
    const out = collect();
    const err = collect();
    const done = scoreJsonl(input, out.stream, err.stream, scorer);
    input.write('{"id":1,"text":"x"}\n');
    await new Promise((r) => setTimeout(r, 20));
    input.end('{"id":2,"text":"y"}\n');
    const s = await done;
    expect(err.text()).toContain('line 1: VAKT_SCORING_FAILED');
    expect(out.text()).toContain('"id":2');
    expect(s).toEqual({ lines: 2, scored: 1, failed: 1 });
  });
  // interactive use: a single line is answered before EOF
  it('answers a lone line before the input ends', async () => {
    const input = new PassThrough();
    const out = collect();
    const done = scoreJsonl(input, out.stream, collect().stream);
    input.write('{"id":1,"text":"bra"}\n');
    await new Promise((r) => setTimeout(r, 30));
    expect(out.text()).toContain('"id":1');
    input.end();
    await done;
  });
  it('parseItem rejects wrong shapes with the field named', () => {
    expect(parseItem('[1]')).toEqual({ error: expect.stringContaining('JSON object') });
    expect(parseItem('{"id":null,"text":"x"}')).toEqual({ error: expect.stringContaining('"id"') });
    expect(parseItem('{"id":"1","text":"x","lang":"en"}')).toEqual({ item: { id: '1', text: 'x', lang: 'en' } });
  });
});

describe('explainTable', () => {
  // the table names every rule and the sum equals raw
  it('shows tokens, rules and the sum', () => {
    const a = analyze('det var fruktansvärt trevligt men kön var lång', { lang: 'sv' });
    const t = explainTable(a);
    expect(t).toContain('label ');
    expect(t).toContain('trevligt');
    expect(t).toContain('intensifier-with-negative-word "fruktansvärt"');
    expect(t).toContain('before contrast "men"');
    expect(t).toContain(`sum = raw`);
    expect(t).toContain((a.raw > 0 ? '+' : '') + a.raw.toFixed(2));
  });
  // control characters in tokens cannot reach the terminal
  it('neutralises control characters', () => {
    expect(explainTable(analyze('bra\u001b[31m', { lang: 'sv' }))).not.toContain('\u001b');
  });
  it('says so when nothing carries sentiment', () => {
    expect(explainTable(analyze('vi ses på tisdag', { lang: 'sv' }))).toContain('no token carries sentiment');
  });
});
