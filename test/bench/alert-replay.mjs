#!/usr/bin/env node
// Alert replay benchmark (not a test): drives the alerter's own decision path (the evaluator `vakt service alerter`
// and `vakt up` wrap: watch detector, page policy, alert lifecycle with one page per storm) with weeks of mentions
// shaped like real mention-count series, and prints pages per watch-week, false pages per watch-week and the storms
// found, per series and in total.
//
//   node test/bench/alert-replay.mjs [--data packages/detector/data/spikes] [--set tweets-dev] [--seed 1] [--window 60]
//                                    [--detector '{"count":{"recordMargin":0.1}}'] [--json]
//
// Each series' per-5-minute counts are expanded to mentions at random times within their 5 minutes. A mention is
// negative with a share that drifts (logit AR(1) per hour around a per-series level of 12–25 %) and clusters
// within each 5 minutes (beta-binomial, rho 0.05: replies to one angry post are not independent). Reach is
// heavy-tailed: followers log-normal (median 200, sigma 2), reposts+replies at the snapshot 0 for 80 % of posts and
// Pareto (alpha 1.5) for the rest, read 0.5–15 minutes after posting. All randomness is seeded (@vakt/random).
// A page is a notified firing (what reaches a receiver); it is false when its startsAt is outside every labelled
// window of windows.json. The whole series is replayed from the watch's first minute, cold start included.
// Build first: turbo run build --filter=@vakt/alerter...
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8')
    .split('\n')
    .slice(1);
  console.log(
    lines
      .slice(
        0,
        lines.findIndex((l) => !l.startsWith('//')),
      )
      .map((l) => l.replace(/^\/\/ ?/, ''))
      .join('\n'),
  );
  process.exit(0);
}
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : process.argv[i + 1];
};
const root = new URL('../../', import.meta.url);
// The NAB series shipped with the detector (its data/spikes README gives source and licence).
const DATA = arg('data', fileURLToPath(new URL('packages/detector/data/spikes', root)));
const SET = arg('set', 'tweets-dev');
const SEED = Number(arg('seed', '1'));
const WINDOW_MS = Number(arg('window', '60')) * 1000;
const JSON_OUT = process.argv.includes('--json');
// Detector options merged over the defaults (to explore a setting; the figures in the README use the defaults).
const DETECTOR = JSON.parse(arg('detector', '{}'));

const { createAlertEvaluator } = await import(new URL('services/alerter/dist/evaluator.js', root).href);
const { AlertLifecycle } = await import(new URL('packages/alerting/dist/lifecycle.js', root).href);
const { rng } = await import(new URL('packages/random/dist/mulberry32.js', root).href);

const STEP = 5 * 60_000;
const WEEK = 7 * 24 * 3_600_000;

/** Standard normal (Box–Muller) and gamma (Marsaglia–Tsang) draws from one seeded uniform stream. */
function draws(r) {
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const gamma = (k) => {
    if (k < 1) return gamma(k + 1) * Math.pow(r(), 1 / k);
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x;
      let v;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = r();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  const beta = (a, b) => {
    const x = gamma(a);
    return x / (x + gamma(b));
  };
  const binomial = (n, p) => {
    if (n * p * (1 - p) > 25)
      return Math.max(0, Math.min(n, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normal())));
    let k = 0;
    for (let i = 0; i < n; i++) if (r() < p) k++;
    return k;
  };
  return { normal, beta, binomial };
}

const NEG = [
  'appen krånglar igen och ingen svarar',
  'fakturan är fel, kundtjänst svarar inte',
  'terrible service, still waiting for my refund',
  'utbetalningen är försenad igen',
  'the app keeps crashing, so annoying',
  'väntat en timme i telefonkö',
  'worst customer support ever',
  'varför är det så krångligt att logga in',
];
const CALM = [
  'fick svar direkt, smidigt',
  'does anyone know the opening hours',
  'ny rapport publicerad idag',
  'great update, works fine now',
  'hur ansöker man om det här',
  'thanks for the quick help',
];

function replaySeries(name, points, windows, seed) {
  const r = rng(seed);
  const { normal, beta, binomial } = draws(r);
  const level = 0.12 + 0.13 * r();
  const logit = (p) => Math.log(p / (1 - p));
  const rho = 0.05;
  let drift = 0;
  let clock = Date.parse(points[0].ts);
  const lifecycle = new AlertLifecycle(() => clock);
  const evaluator = createAlertEvaluator(lifecycle, {
    detector: { windowMs: WINDOW_MS, ...DETECTOR },
    dashboardUrl: 'http://127.0.0.1:8080/',
  });
  const pages = [];
  const fires = [];
  const keep = (ts) => {
    for (const t of ts) {
      if (t.kind !== 'firing') continue;
      const rec = {
        at: Date.parse(t.alert.startsAt),
        series: t.alert.labels.series,
        severity: t.alert.labels.severity,
        notified: t.notify,
      };
      fires.push(rec);
      if (t.notify) pages.push(rec);
    }
  };
  let id = 0;
  let mentions = 0;
  for (const { ts, value } of points) {
    const start = Date.parse(ts);
    // The negative share drifts by the hour (AR(1) on the logit, sd about 0.3 at equilibrium).
    if (Math.floor(start / 3_600_000) !== Math.floor((start - STEP) / 3_600_000)) drift = 0.9 * drift + 0.13 * normal();
    const p = 1 / (1 + Math.exp(-(logit(level) + drift)));
    const n = Math.max(0, Math.round(value));
    const k = n === 0 ? 0 : binomial(n, beta((p * (1 - rho)) / rho, ((1 - p) * (1 - rho)) / rho));
    const times = Array.from({ length: n }, () => start + Math.floor(r() * STEP)).sort((a, b) => a - b);
    // Which of the n mentions are the k negatives: a partial Fisher–Yates over indexes.
    const isNeg = new Uint8Array(n);
    const idx = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(r() * (n - i));
      [idx[i], idx[j]] = [idx[j], idx[i]];
      isNeg[idx[i]] = 1;
    }
    for (let i = 0; i < n; i++) {
      const at = times[i];
      const neg = isNeg[i] === 1;
      const label = neg ? 'negative' : r() < 0.5 ? 'neutral' : 'positive';
      const engagement = r() < 0.2 ? Math.floor(Math.pow(1 - r(), -1 / 1.5)) : 0;
      const ageMs = 30_000 + Math.floor(r() * 14.5 * 60_000);
      const created = new Date(at).toISOString();
      id += 1;
      const m = {
        schemaVersion: 1,
        id: `r${id}`,
        source: 'replay',
        text: neg ? NEG[Math.floor(r() * NEG.length)] : CALM[Math.floor(r() * CALM.length)],
        created_at: created,
        ingested_at: new Date(at + ageMs).toISOString(),
        matches: [{ watch: name, entities: [] }],
        author: {
          handle: `u${Math.floor(r() * 5000)}`,
          followers: Math.min(5e7, Math.floor(Math.exp(Math.log(200) + 2 * normal()))),
        },
        engagement: { reposts: Math.round(engagement * 0.7), replies: engagement - Math.round(engagement * 0.7) },
        sentiment: {
          label,
          score: neg ? -0.6 : 0,
          confidence: 0.7,
          lang: 'sv',
          p_neg: 0.3,
          p_neu: 0.4,
          p_pos: 0.3,
          model: 'replay',
          disagreement: false,
          explanation: [],
        },
        scored_at: created,
      };
      clock = at + 250;
      keep(evaluator.mention(m, clock));
      mentions += 1;
    }
    clock = start + STEP;
    keep(evaluator.advance(clock));
  }
  const span = Date.parse(points.at(-1).ts) + STEP - Date.parse(points[0].ts);
  const inWindow = (t) => windows.some(([a, b]) => t >= Date.parse(a) && t <= Date.parse(b));
  const found = windows.filter(([a, b]) => pages.some((pg) => pg.at >= Date.parse(a) && pg.at <= Date.parse(b))).length;
  const falsePages = pages.filter((pg) => !inWindow(pg.at));
  const bySeries = {};
  for (const f of fires) {
    const s = (bySeries[f.series] ??= { pages: 0, falsePages: 0, grouped: 0 });
    if (f.notified) {
      s.pages += 1;
      if (!inWindow(f.at)) s.falsePages += 1;
    } else s.grouped += 1;
  }
  const coldEnd = Date.parse(points[0].ts) + WEEK;
  // A page decided on a window still counting starts at its deciding mention, not at a window's end: how long
  // before the window would have closed (its end plus the lateness) it went out.
  const lateness = Math.min(WINDOW_MS, 10_000);
  const ahead = pages
    .filter((pg) => pg.at % WINDOW_MS !== 0)
    .map((pg) => Math.ceil(pg.at / WINDOW_MS) * WINDOW_MS + lateness - pg.at);
  return {
    ahead,
    series: name,
    mentions,
    watchWeeks: span / WEEK,
    pages: pages.length,
    falsePages: falsePages.length,
    falseInFirstWeek: falsePages.filter((pg) => pg.at < coldEnd).length,
    storms: windows.length,
    stormsPaged: found,
    bySeries,
    falseAt: falsePages.map((pg) => `${new Date(pg.at).toISOString().slice(0, 16)} ${pg.series}/${pg.severity}`),
  };
}

const meta = JSON.parse(readFileSync(`${DATA}/windows.json`, 'utf8')).series;
const names = Object.keys(meta).filter((n) => SET === 'all' || meta[n].set === SET);
const started = Date.now();
const results = names.map((name, i) => {
  const points = readFileSync(`${DATA}/series/${name}.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  return replaySeries(name, points, meta[name].windows, SEED * 1000 + i);
});
const total = results.reduce(
  (t, r) => ({
    mentions: t.mentions + r.mentions,
    watchWeeks: t.watchWeeks + r.watchWeeks,
    pages: t.pages + r.pages,
    falsePages: t.falsePages + r.falsePages,
    falseInFirstWeek: t.falseInFirstWeek + r.falseInFirstWeek,
    storms: t.storms + r.storms,
    stormsPaged: t.stormsPaged + r.stormsPaged,
  }),
  { mentions: 0, watchWeeks: 0, pages: 0, falsePages: 0, falseInFirstWeek: 0, storms: 0, stormsPaged: 0 },
);
const seconds = (Date.now() - started) / 1000;

if (JSON_OUT) {
  console.log(JSON.stringify({ seed: SEED, windowMs: WINDOW_MS, results, total, seconds }, null, 2));
} else {
  const f2 = (x) => x.toFixed(2);
  console.log(
    `alert replay: ${names.length} series (${SET}), ${total.mentions.toLocaleString('en')} mentions, ${f2(total.watchWeeks)} watch-weeks, ${WINDOW_MS / 1000}s windows, seed ${SEED}, ${seconds.toFixed(1)} s`,
  );
  console.log(
    'series                         weeks  pages/wk  false/wk  false(1st wk)  storms paged   pages by series (false) [grouped]',
  );
  for (const r of results) {
    const by = Object.entries(r.bySeries)
      .map(([s, v]) => `${s} ${v.pages}(${v.falsePages})[${v.grouped}]`)
      .join(', ');
    console.log(
      `${r.series.padEnd(30)} ${f2(r.watchWeeks).padStart(5)}  ${f2(r.pages / r.watchWeeks).padStart(8)}  ${f2(r.falsePages / r.watchWeeks).padStart(8)}  ${String(r.falseInFirstWeek).padStart(13)}  ${`${r.stormsPaged}/${r.storms}`.padStart(12)}   ${by}`,
    );
  }
  console.log(
    `${'total'.padEnd(30)} ${f2(total.watchWeeks).padStart(5)}  ${f2(total.pages / total.watchWeeks).padStart(8)}  ${f2(total.falsePages / total.watchWeeks).padStart(8)}  ${String(total.falseInFirstWeek).padStart(13)}  ${`${total.stormsPaged}/${total.storms}`.padStart(12)}`,
  );
  console.log(
    `false pages per watch-week: ${f2(total.falsePages / total.watchWeeks)} (budget 0.20: ${total.falsePages / total.watchWeeks <= 0.2 ? 'met' : 'NOT met'})`,
  );
  for (const r of results) if (r.falseAt.length) console.log(`  false pages ${r.series}: ${r.falseAt.join('; ')}`);
  const ahead = results.flatMap((r) => r.ahead).sort((a, b) => a - b);
  console.log(
    `pages sent before their window closed: ${ahead.length} of ${total.pages}` +
      (ahead.length ? `, median ${Math.round(ahead[ahead.length >> 1] / 1000)} s before the close` : ''),
  );
}
