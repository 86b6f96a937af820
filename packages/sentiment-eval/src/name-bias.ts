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
const NAMES = (process.env.VAKT_BIAS_NAMES ?? 'Försäkringskassan,Skatteverket,Arbetsförmedlingen,Kronofogden,Migrationsverket,Trafikverket,SJ,Telia,Vattenfall,Postnord,Region Stockholm,Ica,Klarna,Spotify').split(',');

const rows: SentimentItem[] = [];
for (const name of ['swe-sentiment', 'mozetic-sv', 'tweeteval-val']) {
  const set = SETS.find((s) => s.name === name)!;
  for (const r of loadSet(set, 'dev')?.rows ?? []) rows.push({ text: r.text, lang: set.lang });
}
if (rows.length === 0) throw new Error('no dev rows found: set VAKT_SENTIMENT_DATA to the shared sentiment data directory');

const engine = await createSentimentEngine();
assertModelLoaded(engine, 'name-bias');
const base = engine.scoreBatch(rows);
const share = (labels: string[]): number => labels.filter((l) => l === 'negative').length / labels.length;
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(6);

console.log(`${rows.length} dev posts (swe-sentiment, mozetic-sv, tweeteval-val); negative share unprefixed: ${pct(share(base.map((r) => r.label)))}`);
console.log(`${'name'.padEnd(20)} ${'changed, no mask'.padStart(16)} ${'changed, masked'.padStart(15)} ${'neg. no mask'.padStart(12)} ${'neg. masked'.padStart(11)}`);
const shares = { plain: [] as number[], masked: [] as number[] };
const changed = { plain: 0, masked: 0 };
for (const name of NAMES) {
  const prefixed = rows.map((r) => ({ ...r, text: `${name}: ${r.text}` }));
  const plain = engine.scoreBatch(prefixed).map((r) => r.label);
  const masked = engine.scoreBatch(prefixed.map((r) => ({ ...r, mask: [[0, name.length] as const] }))).map((r) => r.label);
  const diff = (labels: string[]): number => labels.filter((l, i) => l !== base[i]!.label).length;
  changed.plain += diff(plain);
  changed.masked += diff(masked);
  shares.plain.push(share(plain));
  shares.masked.push(share(masked));
  console.log(`${name.padEnd(20)} ${pct(diff(plain) / rows.length).padStart(16)} ${pct(diff(masked) / rows.length).padStart(15)} ${pct(share(plain)).padStart(12)} ${pct(share(masked)).padStart(11)}`);
}
const spread = (xs: number[]): string => `${pct(Math.min(...xs)).trim()}–${pct(Math.max(...xs)).trim()}`;
console.log(`all names: labels changed ${pct(changed.plain / (rows.length * NAMES.length)).trim()} without the mask, ${pct(changed.masked / (rows.length * NAMES.length)).trim()} with it; negative share ${spread(shares.plain)} without, ${spread(shares.masked)} with`);
