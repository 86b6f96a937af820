import { describe, expect, it } from 'vitest';
import { createMatcher } from '../src/matcher.js';
import type { Watch } from '../src/watch.js';

const fk: Watch = {
  name: 'Försäkringskassan',
  owners: ['cx-team'],
  query: 'Försäkringskassan OR #fkfail OR forsakringskassan.se OR "Region Stockholm"',
  exclude: 'jobbannons',
  abbreviations: { FK: 'Försäkringskassan' },
  entities: [
    { name: 'Sjukpenning', kind: 'service', query: 'sjukpenning' },
    { name: 'GD', kind: 'person', query: '"Nils Öberg" OR generaldirektören' },
  ],
};
const telia: Watch = {
  name: 'Telia',
  owners: ['t'],
  languages: ['en'],
  query: 'Telia AND (outage OR invoice)',
  entities: [],
};
const m = createMatcher([fk, telia]);
const spanned = (text: string, watches: string[]): string[] =>
  m.nameSpans(text, watches).map(([a, b]) => text.slice(a, b));

describe('nameSpans: where a post names what a watch follows', () => {
  it('finds the names as the matcher reads them: inflections, compounds, abbreviations, domains, hashtags of a name', () => {
    expect(spanned('Försäkringskassans handläggare svarar aldrig', ['forsakringskassan'])).toEqual([
      'Försäkringskassans',
    ]);
    expect(spanned('min försäkringskassehandläggare är sjuk', ['forsakringskassan'])).toEqual(['försäkringskasse']);
    expect(spanned('FK:s väntetider är sjuka', ['forsakringskassan'])).toEqual(['FK']);
    expect(spanned('läs på forsakringskassan.se idag', ['forsakringskassan'])).toEqual(['forsakringskassan.se']);
    expect(spanned('#Försäkringskassan igen', ['forsakringskassan'])).toEqual(['#Försäkringskassan']);
  });

  it('blanks only the name inside a compound, so the rest of the word is still read', () => {
    expect(spanned('Försäkringskassekaoset fortsätter', ['forsakringskassan'])).toEqual(['Försäkringskasse']);
    const text = 'Försäkringskassekaoset fortsätter';
    const [[from, to]] = m.nameSpans(text, ['forsakringskassan']) as [[number, number]];
    expect(text.slice(to)).toBe('kaoset fortsätter');
    expect(from).toBe(0);
  });

  it('leaves hashtag terms alone: a campaign tag like #fkfail is a verdict, not a name', () => {
    expect(spanned('igen #fkfail 😡', ['forsakringskassan'])).toEqual([]);
  });

  it('marks every word of a phrase term, with offsets into the original text', () => {
    const text = 'Bra jobbat Region Stockholm!';
    expect(m.nameSpans(text, ['forsakringskassan'])).toEqual([
      [11, 17],
      [18, 27],
    ]);
  });

  it('takes the names of key people from the entities, but not their lower-case topic words', () => {
    expect(spanned('Nils Öberg svarar inte, generaldirektören borde avgå', ['forsakringskassan'])).toEqual([
      'Nils',
      'Öberg',
    ]);
  });

  it('leaves lower-case entity terms, exclude terms and words of other watches alone', () => {
    expect(spanned('Försäkringskassan: sjukpenning försenad, jobbannons', ['forsakringskassan'])).toEqual([
      'Försäkringskassan',
    ]);
    expect(spanned('Telia outage again', ['forsakringskassan'])).toEqual([]);
  });

  it('leaves the lower-case topic words of an AND query alone: "outage" is what the post says about Telia', () => {
    expect(spanned('Telia outage again, invoice wrong', ['telia'])).toEqual(['Telia']);
  });

  it('is empty for unknown watches and texts without the terms', () => {
    expect(m.nameSpans('Försäkringskassan', ['no such watch'])).toEqual([]);
    expect(m.nameSpans('inget här', ['forsakringskassan'])).toEqual([]);
    expect(m.nameSpans('', ['forsakringskassan', 'telia'])).toEqual([]);
  });

  it('spans are ordered, inside the text and never overlap, for any input', () => {
    const pieces = [
      'forsakringskassan',
      'FK',
      '#fkfail',
      'forsakringskassan.se',
      'Region',
      'Stockholm',
      'telia',
      'outage',
      '😡',
      ' ',
      '.',
      'x',
      '\u0000',
      '\uD800',
      'ö',
    ];
    for (let seed = 1; seed <= 300; seed++) {
      let s = seed;
      const next = (): number => (s = (s * 1103515245 + 12345) & 0x7fffffff) % pieces.length;
      let text = '';
      for (let k = 0; k < 12; k++) text += pieces[next()]!;
      let prev = 0;
      for (const [a, b] of m.nameSpans(text, ['forsakringskassan', 'telia'])) {
        expect(a).toBeGreaterThanOrEqual(prev);
        expect(b).toBeGreaterThan(a);
        expect(b).toBeLessThanOrEqual(text.length);
        prev = b;
      }
    }
  });
});
