import { describe, expect, it } from 'vitest';
import { createMatcher } from '../src/matcher.js';
import type { Watch } from '../src/watch.js';

const fk: Watch = {
  name: 'Försäkringskassan',
  owners: ['cx-team'],
  query: 'Försäkringskassan OR #fkfail OR forsakringskassan.se',
  exclude: '@forsakringskassan OR jobbannons OR "lediga jobb"',
  abbreviations: { FK: 'Försäkringskassan' },
  entities: [
    { name: 'Sjukpenning', kind: 'service', query: 'sjukpenning OR "sick pay"' },
    { name: 'Faktura', kind: 'touchpoint', query: 'faktura OR invoice' },
    { name: 'Kundtjänst', kind: 'touchpoint', query: 'kundtjänst OR "customer service"' },
    { name: 'GD', kind: 'person', query: '"Nils Öberg"' },
  ],
};
const telia: Watch = {
  name: 'Telia',
  owners: ['telia-cx'],
  languages: ['en'],
  query: 'Telia AND (outage OR invoice OR "customer service")',
  entities: [{ name: 'Billing', kind: 'touchpoint', query: 'invoice OR bill' }],
};
const m = createMatcher([fk, telia]);
const names = (text: string, extra: object = {}) => m.match({ text, ...extra });

describe('Swedish matching', () => {
  it.each([
    // inflection: definite, genitive, plural forms meet the query's base form
    ['Försäkringskassan har tappat min ansökan', true],
    ['Försäkringskassans handläggare svarar aldrig', true],
    ['Ringde försäkringskassan igen', true],
    // compounds: the organisation as the head of a longer word
    ['min försäkringskassehandläggare är sjuk', true],
    // folding: case and diacritics typed away
    ['FORSAKRINGSKASSAN!!!', true],
    ['forsakringskassans app', true],
    // declared abbreviation, whole word only, also genitive "FK:s"
    ['FK:s väntetider är sjuka', true],
    ['fk svarar inte', true],
    ['FKB-kontoret', false],
    // hashtag and domain terms
    ['#fkfail igen', true],
    ['läs mer på https://www.forsakringskassan.se/privatpers/sjuk', true],
    // exclusions: own account, job ads (phrase, inflected)
    ['@forsakringskassan: Vi har öppet i dag', false],
    ['Lediga jobb hos Försäkringskassan', false],
    // unrelated text
    ['Kassan i affären var stängd', false],
  ])('%s → %s', (text, expected) => {
    expect(names(text).some((x) => x.watch === 'forsakringskassan')).toBe(expected);
  });

  it('excludes by the author handle too', () => {
    expect(names('Försäkringskassan informerar', { author: { handle: 'forsakringskassan' } })).toEqual([]);
    expect(names('Försäkringskassan informerar', { author: { handle: 'anna.bsky.social' } })).toHaveLength(1);
  });

  it('reports the sub-entities a mention hits (inflected, compounded, phrases)', () => {
    expect(names('FK:s fakturastrul och kundtjänsten svarar inte om sjukpenningen')).toEqual([
      { watch: 'forsakringskassan', entities: ['Sjukpenning', 'Faktura', 'Kundtjänst'] },
    ]);
    expect(names('Nils Öbergs Försäkringskassan')).toEqual([{ watch: 'forsakringskassan', entities: ['GD'] }]);
    // The phrase needs its words adjacent
    expect(names('Nils och Öberg på Försäkringskassan')).toEqual([{ watch: 'forsakringskassan', entities: [] }]);
  });

  it('entities alone do not make a watch match', () => {
    expect(names('min faktura från elbolaget är fel')).toEqual([]);
  });
});

describe('English matching', () => {
  it.each([
    ['Telia outages again in Stockholm', true, []],
    ['Telia invoiced me twice, my invoices are wrong', true, ['Billing']],
    ['telia customer services were useless', true, []],
    ['Telia is fine', false, []],
    // English-only watch: no Swedish compound splitting
    ['teliaoutage', false, []],
  ])('%s → %s %j', (text, expected, entities) => {
    const hit = names(text).find((x) => x.watch === 'telia');
    expect(Boolean(hit)).toBe(expected);
    if (hit) expect(hit.entities).toEqual(entities);
  });

  it('one mention can match several watches, ordered by name', () => {
    expect(names('Telia outage and Försäkringskassan down').map((x) => x.watch)).toEqual([
      'forsakringskassan',
      'telia',
    ]);
  });
  it('URL terms match the host, its subdomains, the path prefix, and the mention URL', () => {
    const m3 = createMatcher([
      { name: 'priv', owners: ['o'], query: 'forsakringskassan.se/privatperson', entities: [] },
      { name: 'host', owners: ['o'], languages: ['en'], query: 'fk.se', entities: [] },
    ]);
    const w = (text: string, url?: string) => m3.match(url ? { text, url } : { text }).map((x) => x.watch);
    expect(w('se https://www.forsakringskassan.se/privatperson/sjuk/ansok')).toEqual(['priv']);
    expect(w('se https://www.forsakringskassan.se/foretag')).toEqual([]);
    expect(w('mer på https://blogg.fk.se/x.')).toEqual(['host']);
    expect(w('ingen länk i texten', 'https://fk.se/nyheter/1')).toEqual(['host']);
    expect(w('notfk.se är inte samma sak')).toEqual([]);
  });
  it('a short-stemmed brand still matches as a compound part in Swedish', () => {
    const m4 = createMatcher([{ name: 'Telia', owners: ['o'], languages: ['sv'], query: 'Telia', entities: [] }]);
    expect(m4.match({ text: 'Alla Teliakunder drabbas' })).toHaveLength(1);
    expect(m4.match({ text: 'Telias nät' })).toHaveLength(1);
    expect(m4.match({ text: 'telefon' })).toHaveLength(0);
  });
});

describe('robustness', () => {
  it('never throws on odd input', () => {
    for (const text of ['', '@', '#', 'http://', '....', '\u0000\uFFFF', 'a'.repeat(50_000), '😀 FK 😀']) {
      expect(() => m.match({ text, url: 'not a url', author: { handle: '@' } })).not.toThrow();
    }
    expect(names('😀 FK 😀')).toHaveLength(1);
  });

  it('an abbreviation in the query also matches the long form', () => {
    const m2 = createMatcher([
      { name: 'x', owners: ['o'], query: 'FK', abbreviations: { FK: 'Försäkringskassan' }, entities: [] },
    ]);
    expect(m2.match({ text: 'Försäkringskassans beslut' })).toHaveLength(1);
    expect(m2.match({ text: 'fk' })).toHaveLength(1);
  });
});
