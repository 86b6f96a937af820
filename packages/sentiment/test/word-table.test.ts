import { describe, expect, it } from 'vitest';
import { hashSpan, WordTable } from '../src/word-table.js';

interface Entry {
  key: string;
}

describe('the word table', () => {
  // one hashing function for both lookups: a span of Latin-1 text hashes as its lower-cased form
  it('hashes a span as its toLowerCase', () => {
    for (const w of ['Hej', 'ÅÄÖ', 'FANTASTISKT', 'x2', 'Ärlig']) {
      expect(hashSpan(`  ${w}! `, 2, 2 + w.length)).toBe(hashSpan(w.toLowerCase(), 0, w.length));
    }
    expect(hashSpan('ab', 0, 2)).not.toBe(hashSpan('ba', 0, 2));
  });

  // get creates an entry once; find by span returns that entry, whatever the capitals, and nothing for other forms
  it('finds by form and by span', () => {
    let created = 0;
    const t = new WordTable<Entry>((key) => {
      created++;
      return { key };
    }, 1000);
    expect(t.find('Kö och KAOS', 4, 7)).toBeUndefined();
    const och = t.get('och');
    expect(t.get('och')).toBe(och);
    expect(created).toBe(1);
    expect(t.find('Kö OCH kaos', 3, 6)).toBe(och);
    expect(t.find('Kö ocha kaos', 3, 7)).toBeUndefined(); // same prefix, other length
    expect(t.find('Kö oc kaos', 3, 5)).toBeUndefined();
  });

  // it grows, keeping its entries, and is cleared (not grown) past its limit
  it('grows, then clears past its limit', () => {
    const t = new WordTable<Entry>((key) => ({ key }), 5000);
    const first = t.get('först');
    for (let i = 0; i < 4000; i++) t.get(`ord${i}`);
    expect(t.get('först')).toBe(first); // kept through growth
    for (let i = 4000; i < 6000; i++) t.get(`ord${i}`);
    expect(t.find('först', 0, 5)).toBeUndefined(); // cleared
    expect(t.get('först')).not.toBe(first);
    expect(t.get('först').key).toBe('först');
  });

  // keys of up to 8 Latin-1 characters are compared packed, longer or other ones as strings: both exact
  it('tells apart keys that pack and keys that do not', () => {
    const t = new WordTable<Entry>((key) => ({ key }), 1000);
    const forms = ['a', 'och', 'väntetid', 'väntetider', 'väntetie', 'ärende', 'ärendé', 'δοκιμή', 'fel', 'felet'];
    const entries = forms.map((f) => t.get(f));
    forms.forEach((f, i) => expect(t.get(f)).toBe(entries[i]));
    expect(t.find('VÄNTETID!', 0, 8)).toBe(entries[2]);
    expect(t.find('VÄNTETIDER', 0, 10)).toBe(entries[3]);
    expect(t.find('väntetide', 0, 9)).toBeUndefined();
    expect(t.find('fe', 0, 2)).toBeUndefined();
  });

  // each slot keeps the info bits infoOf gave its entry; they survive growth
  it('keeps info bits per form', () => {
    const t = new WordTable<Entry>(
      (key) => ({ key }),
      100_000,
      (e) => e.key.length,
    );
    t.get('hej');
    expect(t.info).toBe(3);
    for (let i = 0; i < 5000; i++) t.get(`ord${i}`);
    expect(t.find('HEJ', 0, 3)).toBeDefined();
    expect(t.info).toBe(3);
    t.get('ord42');
    expect(t.info).toBe(5);
    expect(t.find('saknas', 0, 6)).toBeUndefined();
  });
});
