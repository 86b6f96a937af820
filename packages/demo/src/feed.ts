import type { MentionInput } from '@vakt/schema/mention';
import { BASELINE, ORGS, STORM, type OrgKey, type Template } from './texts.js';

export interface DemoFeedOptions {
  now: () => number;
  seed?: number;
  /** Baseline mentions per second across both organisations. */
  baselinePerSecond?: number;
  /** When the storm starts, in ms after the feed starts, and how long it lasts. */
  stormStartMs?: number;
  stormDurationMs?: number;
  /** Peak storm mentions per second. */
  stormPeakPerSecond?: number;
  /** The storm repeats every this many ms (so a demo left running keeps showing alerts). */
  cycleMs?: number;
}

/** Deterministic PRNG (mulberry32), so demo runs and tests are reproducible. */
import { rng as prng } from '@vakt/random/mulberry32';

export { prng };

const HANDLES = [
  'lisa_k',
  'jonas.e',
  'mamma3barn',
  'stockholmsbo',
  'techkalle',
  'sara_writes',
  'nyhetsbyran',
  'fintechfan',
  'pappaledig',
  'malmo_maria',
];

/**
 * A synthetic but realistic feed: a steady mix of Swedish and English mentions of two watched organisations, and a
 * recurring negative storm about Trygghetskassan that ramps up (rising edge first, as real storms do), peaks and
 * fades. `between(fromMs, toMs)` returns the mentions created in that interval, so the caller drives it with a timer.
 */
export function createDemoFeed(opts: DemoFeedOptions) {
  const rnd = prng(opts.seed ?? 42);
  const startedAt = opts.now();
  const baseline = opts.baselinePerSecond ?? 4;
  const stormStart = opts.stormStartMs ?? 25_000;
  const stormDuration = opts.stormDurationMs ?? 90_000;
  const peak = opts.stormPeakPerSecond ?? 25;
  const cycle = opts.cycleMs ?? 300_000;
  let counter = 0;

  /** Storm intensity 0..1 at time t: a ramp (quadratic rise) to the peak at 60% of its duration, then decay. */
  const stormLevel = (t: number): number => {
    const phase = (t - startedAt - stormStart) % cycle;
    if (t - startedAt < stormStart || phase < 0 || phase > stormDuration) return 0;
    const x = phase / stormDuration;
    return x < 0.6 ? (x / 0.6) ** 2 : Math.max(0, 1 - (x - 0.6) / 0.4);
  };

  const poisson = (mean: number): number => {
    // Knuth for small means is fine at demo rates.
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= rnd();
    } while (p > l);
    return k - 1;
  };

  const fill = (t: Template, org: OrgKey): string => {
    const o = ORGS[org];
    return t.text
      .replace('{svc}', o.services[Math.floor(rnd() * o.services.length)]!)
      .replace('{person}', o.people[Math.floor(rnd() * o.people.length)]!);
  };

  const make = (at: number, t: Template, org: OrgKey, storm: boolean): MentionInput => {
    counter++;
    const handle = HANDLES[Math.floor(rnd() * HANDLES.length)]!;
    // Heavy-tailed reach: most authors are small, a few are big (news accounts), as on real networks.
    const followers = Math.floor(50 / Math.max(0.002, rnd()) ** 1.2);
    return {
      id: `demo-${startedAt.toString(36)}-${counter}`,
      source: storm || rnd() < 0.6 ? 'bluesky' : 'mastodon',
      text: fill(t, org),
      lang: t.lang,
      created_at: new Date(at).toISOString(),
      url: `https://example.org/demo/${counter}`,
      author: { id: `did:demo:${handle}`, handle, followers },
      engagement: {
        reposts: Math.floor(rnd() * (storm ? 60 : 5)),
        replies: Math.floor(rnd() * (storm ? 30 : 3)),
        likes: Math.floor(rnd() * 40),
      },
    };
  };

  return {
    stormLevel,
    between(fromMs: number, toMs: number): MentionInput[] {
      const out: MentionInput[] = [];
      const seconds = Math.max(0, toMs - fromMs) / 1000;
      const mid = (fromMs + toMs) / 2;
      const nBase = poisson(baseline * seconds);
      for (let i = 0; i < nBase; i++) {
        const org: OrgKey = rnd() < 0.65 ? 'trygghetskassan' : 'nordpay';
        const pool = BASELINE[org];
        out.push(make(fromMs + rnd() * (toMs - fromMs), pool[Math.floor(rnd() * pool.length)]!, org, false));
      }
      const nStorm = poisson(peak * stormLevel(mid) * seconds);
      for (let i = 0; i < nStorm; i++)
        out.push(
          make(fromMs + rnd() * (toMs - fromMs), STORM[Math.floor(rnd() * STORM.length)]!, 'trygghetskassan', true),
        );
      return out.sort((a, b) => a.created_at.localeCompare(b.created_at));
    },
  };
}

/** Watches for the demo, in the `@vakt/watch` file format. */
export const DEMO_WATCHES = [
  {
    name: 'trygghetskassan',
    owners: ['kommunikation@trygghetskassan.example'],
    languages: ['sv', 'en'],
    query: 'Trygghetskassan OR #trygghetskassan OR #kassakaos',
    abbreviations: { TK: 'Trygghetskassan' },
    entities: [
      { name: 'appen', kind: 'touchpoint', query: 'appen OR app OR e-tjänsten' },
      { name: 'kundtjänst', kind: 'touchpoint', query: 'kundtjänst OR telefonkö OR bemötande' },
      { name: 'utbetalning', kind: 'service', query: 'utbetalning OR sjukpenningen OR föräldrapenningen OR payouts' },
      { name: 'Anna Berg', kind: 'person', query: '"Anna Berg" OR generaldirektören' },
    ],
  },
  {
    name: 'nordpay',
    owners: ['oncall@nordpay.example'],
    languages: ['en', 'sv'],
    query: 'NordPay',
    entities: [
      { name: 'invoice', kind: 'touchpoint', query: 'invoice OR faktura OR fakturan' },
      { name: 'Erik Lund', kind: 'person', query: '"Erik Lund"' },
    ],
  },
] as const;
