import { describe, expect, it } from 'vitest';
import { mentionsName, nameWords, TermTracker, tokenize, withoutNames } from '../src/terms.js';

// Issue 17 item 7: "Ökande termer" was led by the watch's own name and stop words
// (`trygghetskassan ×4081.8`, `hos`, `idag`, `igen`).
describe("surging terms leave out the watch's own names and stop words", () => {
  // A baseline from before the watch was busy (as in the issue: the name had no history, so it looked new).
  const base = ['Svarar på frågor om bostadsbidrag', 'Bra möte om pensionen', 'Budgeten för nästa år'];
  const storm = [
    'Trygghetskassan har fakturastrul igen, ringer hos dem idag',
    '#Trygghetskassan fakturastrul idag igen hos kundtjänst',
    'Trygghetskassans fakturastrul är värre än igår, Nils Öberg tiger',
    'fakturastrul hos Trygghetskassan idag, Nils Öberg svarar inte',
  ];

  it('the names of a watch become the words tokenize sees (id separators split, stop words dropped, marks folded)', () => {
    // proves: a slug like "trygghets-kassan" and a person's two names give their words, lower-cased, å ä ö folded
    expect([...nameWords(['Trygghetskassan', 'trygghets-kassan', 'Nils Öberg'])].sort()).toEqual([
      'kassan',
      'nils',
      'oberg',
      'trygghets',
      'trygghetskassan',
    ]);
  });

  it('a watch known only by its ASCII id still keeps its full Swedish spelling out of its terms', () => {
    // proves: the alerter passes the id ("forsakringskassan"); posts write "Försäkringskassan" and its genitive
    const words = nameWords(['forsakringskassan']);
    expect(mentionsName('försäkringskassan', words)).toBe(true);
    expect(mentionsName('försäkringskassans handläggning', words)).toBe(true);
    expect(mentionsName('handläggning', words)).toBe(false);
  });

  it('common Swedish and English filler words are stop words', () => {
    // proves: the words the issue saw leading the list, and their English counterparts, never reach the tracker
    expect(tokenize('hos idag igen today again still')).toEqual([]);
  });

  it('a term naming the watch (word, genitive, or inside a bigram) is recognised', () => {
    const words = nameWords(['Trygghetskassan', 'Nils Öberg']);
    expect(mentionsName('trygghetskassan', words)).toBe(true);
    expect(mentionsName('trygghetskassans', words)).toBe(true);
    expect(mentionsName('öberg tiger', words)).toBe(true);
    expect(mentionsName('fakturastrul', words)).toBe(false);
  });

  it("the tracker with `exclude` surfaces what is new, not the watch's name", () => {
    const plain = new TermTracker();
    const named = new TermTracker({ exclude: ['Trygghetskassan', 'Nils Öberg'] });
    for (const t of base) {
      plain.observe(t);
      named.observe(t);
    }
    const terms = named.surging(storm, 10).map((t) => t.term);
    expect(terms[0]).toBe('fakturastrul');
    for (const bad of ['trygghetskassan', 'trygghetskassans', 'hos', 'idag', 'igen', 'nils', 'öberg'])
      expect(terms).not.toContain(bad);
    // and without `exclude` the name is what leads: the option is what removes it
    expect(plain.surging(storm, 10).map((t) => t.term)).toContain('trygghetskassan');
  });

  it('withoutNames filters a list computed elsewhere (the dashboard store)', () => {
    const list = [
      { term: 'trygghetskassan', weight: 4081.8 },
      { term: 'hos', weight: 30 },
      { term: 'fakturastrul', weight: 12 },
    ];
    expect(withoutNames(list, nameWords(['Trygghetskassan']))).toEqual([{ term: 'fakturastrul', weight: 12 }]);
  });
});
