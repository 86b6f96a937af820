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
    expect(r.rejected.map((x) => [x.index, x.id])).toEqual([[1, '2'], [2, '3']]);
    expect(r.rejected[0]!.reason).toContain('text');
    expect(r.accepted[0]).toMatchObject({ schemaVersion: 1, ingested_at: '2026-11-23T10:00:00.000Z', matches: [{ watch: 'fk' }] });
  });

  it('drops a mention that matches no watch with reason no_watch', () => {
    const r = prepareMentions([{ ...base, id: '9', text: 'om vädret' }], { matcher, now });
    expect(r.dropped).toEqual([{ index: 0, id: '9', reason: 'no_watch' }]);
  });

  it('trusts a feed that names a configured watch, and rejects an unknown one', () => {
    const r = prepareMentions([{ ...base, id: '1', text: 'x', watch: 'fk' }, { ...base, id: '2', text: 'x', watch: 'nope' }], { matcher, now });
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
