import { describe, expect, it } from 'vitest';
import { prepareMentions, splitBody, type WatchMatcher } from '@vakt/stages/ingest';
import { RecentKeys } from '@vakt/stages/dedup';

const matcher: WatchMatcher = {
  match: (m) => (/kassan/i.test(m.text) ? [{ watch: 'fk', entities: [] }] : []),
  has: (w) => w === 'fk',
};
const now = () => Date.parse('2026-11-23T10:00:00Z');
const base = { source: 'http', created_at: '2026-11-23T09:00:00Z' };

describe('splitBody', () => {
  it('reads a JSON array, a single line and NDJSON', () => {
    expect(splitBody('[{"a":1},{"a":2}]').items).toHaveLength(2);
    expect(splitBody('{"a":1}\n{"a":2}\n').items).toHaveLength(2);
  });
  it('rejects only the broken NDJSON line, naming it', () => {
    const r = splitBody('{"a":1}\n{oops\n{"a":3}');
    expect(r.items).toHaveLength(3);
    expect(r.parseErrors).toEqual([expect.objectContaining({ index: 1, reason: expect.stringContaining('line 2') })]);
  });
  // Issue 16 item 5: a blank line shifted items against line numbers, so the rejection of `{bad` landed on the good
  // mention after it (lost silently) and the report named a line that was not the broken one.
  it('keeps every NDJSON line in place around blank lines, reporting the true line number', () => {
    const r = splitBody('{"a":1}\n\n{bad\n{"a":4}\n');
    expect(r.items).toEqual([{ a: 1 }, undefined, { a: 4 }]);
    expect(r.lines).toEqual([1, 3, 4]);
    expect(r.parseErrors).toEqual([
      expect.objectContaining({ index: 1, line: 3, reason: expect.stringMatching(/^line 3: /) }),
    ]);
    const ready = prepareMentions(
      [{ ...base, id: '1', text: 'Kassan' }, undefined, { ...base, id: '4', text: 'Kassan igen' }],
      { matcher, now },
      r.parseErrors,
    );
    expect(ready.accepted.map((m) => m.id)).toEqual(['1', '4']);
    expect(ready.rejected).toHaveLength(1);
  });
  it.each([
    // leading blank lines, CRLF line ends and whitespace-only lines count as lines but are no items
    ['\n\n{"a":1}\r\n  \r\n{"a":2}', [3, 5]],
    // a pretty-printed single object is one item, not a rejection per line
    ['{\n  "a": 1\n}\n', [1]],
  ])('lines of %j → %j', (body, lines) => {
    const r = splitBody(body);
    expect(r.parseErrors).toEqual([]);
    expect(r.lines).toEqual(lines);
  });
  it('refuses more items than maxItems with a 413-class error before validating any', () => {
    expect(() => splitBody('[1,2,3]', { maxItems: 2 })).toThrow(
      expect.objectContaining({ code: 'VAKT_PAYLOAD_TOO_LARGE' }),
    );
    expect(() => splitBody('{"a":1}\n{"a":2}\n\n{"a":3}', { maxItems: 2 })).toThrow(/3 mentions; at most 2/);
    expect(splitBody('{"a":1}\n\n{"a":2}\n', { maxItems: 2 }).items).toHaveLength(2);
  });
  it('throws a schema error for a broken JSON array', () => {
    expect(() => splitBody('[{"a":1},')).toThrow(/not a valid JSON array/);
  });
});

describe('prepareMentions', () => {
  it('accepts valid items even when neighbours are invalid, with a reason per rejected item', () => {
    const r = prepareMentions(
      [
        { ...base, id: '1', text: 'Försäkringskassan strular' },
        { ...base, id: '2' }, // no text
        { ...base, id: '3', text: 'Försäkringskassan igen', created_at: 'igår' },
        { ...base, id: '4', text: 'Kassan är bra' },
      ],
      { matcher, now },
    );
    expect(r.accepted.map((m) => m.id)).toEqual(['1', '4']);
    expect(r.rejected.map((x) => [x.index, x.id])).toEqual([
      [1, '2'],
      [2, '3'],
    ]);
    expect(r.rejected[0]!.reason).toContain('text');
    expect(r.accepted[0]).toMatchObject({
      schemaVersion: 1,
      ingested_at: '2026-11-23T10:00:00.000Z',
      matches: [{ watch: 'fk' }],
    });
  });

  it('drops a mention that matches no watch with reason no_watch', () => {
    const r = prepareMentions([{ ...base, id: '9', text: 'om vädret' }], { matcher, now });
    expect(r.dropped).toEqual([{ index: 0, id: '9', reason: 'no_watch' }]);
  });

  it('trusts a feed that names a configured watch, and rejects an unknown one', () => {
    const r = prepareMentions(
      [
        { ...base, id: '1', text: 'x', watch: 'fk' },
        { ...base, id: '2', text: 'x', watch: 'nope' },
      ],
      { matcher, now },
    );
    expect(r.accepted.map((m) => m.id)).toEqual(['1']);
    expect(r.rejected[0]).toMatchObject({ id: '2', code: 'VAKT_NO_WATCH' });
  });

  it('drops a recent duplicate (same source and id) once', () => {
    const recent = new RecentKeys({ now });
    const item = { ...base, id: '1', text: 'kassan' };
    expect(prepareMentions([item], { matcher, now, recent }).accepted).toHaveLength(1);
    expect(prepareMentions([item], { matcher, now, recent }).dropped[0]!.reason).toBe('duplicate');
  });
});
