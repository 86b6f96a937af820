import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { runCases as run } from './helpers.js';

// Words found by auditing the most frequent rated words of the training posts, each judged by its meaning. Every
// case below fails with the earlier ratings, except the notice, which checks that a disruption word leaves an
// organisation's notice neutral.
const valence = (text: string, lang: 'sv' | 'en'): number[] =>
  analyze(text, { lang }).tokens.map((t) => t.valence ?? 0);

describe('descriptions of people carry no rating', () => {
  it('colours, ages and given names rate nothing in either language', () => {
    for (const t of ['svarta', 'vita', 'unga', 'invandrarkvinnor']) expect(valence(`${t} i Sverige`, 'sv')[0]).toBe(0);
    for (const t of ['Muhammad', 'Mohammed', 'Mohammad']) expect(valence(`${t} was here`, 'en')[0]).toBe(0);
  });
  run('en', [{ text: 'Muhammad Ali was born in Louisville', label: 'neutral' }]);
});

describe('false friends and colliding forms', () => {
  it('"-d" is a past tense only after "e": "wind", "band", "fund", "ward" are no forms of "win", "ban", "fun", "war"', () => {
    for (const w of ['wind', 'band', 'fund', 'ward', 'wood']) expect(valence(`${w} tonight`, 'en')[0]).toBe(0);
    expect(valence('died', 'en')[0]).toBeLessThan(0);
  });
  run('sv', [
    // "just" is "exactly" / "right (now)", not "fair"
    { text: 'Vi har just nu längre svarstider i telefon', label: 'neutral' },
    // "läkare" is no comparative of "läk", "tydligen" no form of "tydlig", "tillsammans" no compound of "samman"
    { text: 'Läkaren ringer upp i eftermiddag', label: 'neutral' },
    { text: 'Tydligen öppnar kontoret klockan nio', label: 'neutral' },
    { text: 'Vi åker dit tillsammans på fredag', label: 'neutral' },
    // cities are no form of "städa", "Västerbotten" no compound of "botten"
    { text: 'Fler städer i Västerbotten inför nya regler', label: 'neutral' },
    // "viktig" is no negative word
    { text: 'Viktigt att ansöka före den 1 mars', label: 'neutral' },
  ]);
  run('en', [
    { text: 'The band plays at the town hall tonight', label: 'neutral' },
    { text: 'Manchester United are at home on Sunday', label: 'neutral' },
  ]);
});

describe('a disruption is a failure, so thanks for one is ironic; an organisation notice about one stays neutral', () => {
  run('sv', [
    {
      text: 'Tack för den fina driftstörningen mitt i deklarationen 👏',
      label: 'negative',
      rules: { Tack: ['sarcasm'] },
    },
    { text: 'Driftstörning: inga tåg mellan Södertälje och Flemingsberg', label: 'neutral' },
  ]);
});

describe('"every time", "varje gång" repeat a failure after opening praise', () => {
  run('en', [
    {
      text: 'Love that I get a different answer every time I call.',
      label: 'negative',
      rules: { Love: ['sarcasm: praise before a complaint'] },
    },
  ]);
  run('sv', [
    {
      text: 'Älskar att man får ett nytt svar varje gång man ringer',
      label: 'negative',
      rules: { Älskar: ['sarcasm: praise before a complaint'] },
    },
  ]);
});
