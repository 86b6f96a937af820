import { watchId } from '../src/slug.js';
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../src/matcher.js';
import { staticWatchSource, watchScoring, type WatchSource } from '../src/scoring-context.js';
import type { Watch } from '../src/watch.js';

const fk: Watch = {
  name: 'Försäkringskassan',
  owners: ['a'],
  query: 'Försäkringskassan',
  entities: [],
  domainWords: { Handläggningstid: -1.5, väntetid: -9, ' ': 2 },
};
const sj: Watch = {
  name: 'SJ',
  owners: ['b'],
  query: 'SJ OR tåget',
  entities: [],
  domainWords: { väntetid: -1, ersättning: 2 },
};
const plain: Watch = { name: 'Plain', owners: ['c'], query: 'plain', entities: [] };

describe('watchScoring', () => {
  const scoring = watchScoring(staticWatchSource([fk, sj, plain], createMatcher([fk, sj, plain])));

  it("masks the matched watches' names and passes their domain words, lower-cased and clamped to -4..4", () => {
    const text = 'Försäkringskassan: handläggningstid 8 månader';
    const c = scoring.forMention(text, ['forsakringskassan']);
    expect(c.mask).toEqual([[0, 17]]);
    expect([...c.overrides!]).toEqual([
      ['handläggningstid', -1.5],
      ['väntetid', -4],
    ]);
  });

  it('merges several watches: the first by name wins a word both define', () => {
    const c = scoring.forMention('SJ och Försäkringskassan', ['forsakringskassan', 'sj']);
    expect(c.mask).toEqual([
      [0, 2],
      [7, 24],
    ]);
    expect(c.overrides!.get('väntetid')).toBe(-4);
    expect(c.overrides!.get('ersättning')).toBe(2);
  });

  it('gives nothing for no watches, unknown watches, or watches without names in the text or domain words', () => {
    expect(scoring.forMention('Försäkringskassan', [])).toEqual({});
    expect(scoring.forMention('Försäkringskassan', ['gone'])).toEqual({});
    expect(scoring.forMention('inget namn här', ['plain'])).toEqual({});
  });

  it('follows live changes: a new matcher drops the cached domain words', () => {
    let watches = [fk];
    let matcher = createMatcher(watches);
    const source: WatchSource = { matcher: () => matcher, get: (n) => watches.find((w) => watchId(w) === n) };
    const live = watchScoring(source);
    expect(live.forMention('x', ['forsakringskassan']).overrides!.get('handläggningstid')).toBe(-1.5);
    watches = [{ ...fk, domainWords: { handläggningstid: 1 } }];
    matcher = createMatcher(watches);
    expect(live.forMention('x', ['forsakringskassan']).overrides!.get('handläggningstid')).toBe(1);
  });
});
