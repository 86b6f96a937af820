import { createSentimentEngine, assertModelLoaded, type SentimentItem } from '@vakt/sentiment-model/engine';
import { loadSet, SETS } from './data.js';

// `pnpm --filter @vakt/sentiment-eval name-bias` — does the name a post mentions move its sentiment?
//
// Every mention a team sees names what the team watches ("Försäkringskassan: …"). The model learns from tweets in
// which agency and brand names co-occur with moods, so a name alone can tilt a post. That biases exactly what
// analysts compare: one agency's negative share against another's. This script scores the dev posts of the Swedish
// and English sets as they are, then prefixed with each name ("<name>: <post>"), with and without the mask the
// scorer derives from the watch (`Matcher.nameSpans`; here the prefix's span). It prints, per name, how many
// labels change against the unprefixed post and the negative share, and the spread of negative shares over names.
const NAMES = (
  process.env.VAKT_BIAS_NAMES ??
  'Försäkringskassan,Skatteverket,Arbetsförmedlingen,Kronofogden,Migrationsverket,Trafikverket,SJ,Telia,Vattenfall,Postnord,Region Stockholm,Ica,Klarna,Spotify'
).split(',');

const rows: SentimentItem[] = [];
for (const name of ['swe-sentiment', 'mozetic-sv', 'tweeteval-val']) {
  const set = SETS.find((s) => s.name === name)!;
  for (const r of loadSet(set, 'dev')?.rows ?? []) rows.push({ text: r.text, lang: set.lang });
}
if (rows.length === 0)
  throw new Error('no dev rows found: set VAKT_SENTIMENT_DATA to the shared sentiment data directory');

const engine = await createSentimentEngine();
assertModelLoaded(engine, 'name-bias');
const base = engine.scoreBatch(rows);
const share = (labels: string[]): number => labels.filter((l) => l === 'negative').length / labels.length;
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(6);

console.log(
  `${rows.length} dev posts (swe-sentiment, mozetic-sv, tweeteval-val); negative share unprefixed: ${pct(share(base.map((r) => r.label)))}`,
);
console.log(
  `${'name'.padEnd(20)} ${'changed, no mask'.padStart(16)} ${'changed, masked'.padStart(15)} ${'neg. no mask'.padStart(12)} ${'neg. masked'.padStart(11)}`,
);
const shares = { plain: [] as number[], masked: [] as number[] };
const changed = { plain: 0, masked: 0 };
for (const name of NAMES) {
  const prefixed = rows.map((r) => ({ ...r, text: `${name}: ${r.text}` }));
  const plain = engine.scoreBatch(prefixed).map((r) => r.label);
  const masked = engine
    .scoreBatch(prefixed.map((r) => ({ ...r, mask: [[0, name.length] as const] })))
    .map((r) => r.label);
  const diff = (labels: string[]): number => labels.filter((l, i) => l !== base[i]!.label).length;
  changed.plain += diff(plain);
  changed.masked += diff(masked);
  shares.plain.push(share(plain));
  shares.masked.push(share(masked));
  console.log(
    `${name.padEnd(20)} ${pct(diff(plain) / rows.length).padStart(16)} ${pct(diff(masked) / rows.length).padStart(15)} ${pct(share(plain)).padStart(12)} ${pct(share(masked)).padStart(11)}`,
  );
}
const spread = (xs: number[]): string => `${pct(Math.min(...xs)).trim()}–${pct(Math.max(...xs)).trim()}`;
console.log(
  `all names: labels changed ${pct(changed.plain / (rows.length * NAMES.length)).trim()} without the mask, ${pct(changed.masked / (rows.length * NAMES.length)).trim()} with it; negative share ${spread(shares.plain)} without, ${spread(shares.masked)} with`,
);

// Part 2 — a name inside the post: Vakt's own phenomena cases come in twins, the same complaint naming an
// organisation ("… från Skatteverket idag") and with generic words instead. The named case is scored three ways:
// with the name as text (no watch), with the scorer's mask (what a watch naming the organisation does: the lexicon
// reads blanks, the model reads an @mention placeholder), and blanked for the model too (the reading before issue
// 15: spaces where the name was). Each is compared with the gold label and with the plain twin's label.
const { loadPhenomena } = await import('./phenomena.js');
const { blank } = await import('@vakt/sentiment/mask');
for (const lang of ['sv', 'en'] as const) {
  const cases = loadPhenomena(lang);
  const byId = new Map(cases.map((c) => [c.id, c] as const));
  const named = cases.filter((c) => c.mask && c.twin && byId.has(c.twin));
  const twins = named.map((c) => byId.get(c.twin!)!);
  const twinLabels = engine.scoreBatch(twins.map((c) => ({ text: c.text, lang }))).map((r) => r.label);
  const ways: Array<[string, SentimentItem[]]> = [
    ['name as text (no watch)', named.map((c) => ({ text: c.text, lang }))],
    ['masked by the watch (scorer)', named.map((c) => ({ text: c.text, lang, mask: c.mask! }))],
    ['blanked for the model too', named.map((c) => ({ text: blank(c.text, c.mask!), lang }))],
  ];
  const twinGold = twins.filter((t, i) => twinLabels[i] === t.label).length;
  console.log(
    `\nnamed phenomena cases (${lang}): ${named.length}; their plain twins correct ${pct(twinGold / named.length).trim()}`,
  );
  for (const [way, items] of ways) {
    const labels = engine.scoreBatch(items).map((r) => r.label);
    const gold = labels.filter((l, i) => l === named[i]!.label).length;
    const same = labels.filter((l, i) => l === twinLabels[i]).length;
    console.log(
      `  ${way.padEnd(30)} correct ${pct(gold / named.length)}   same label as the plain twin ${pct(same / named.length)}`,
    );
  }
}
