import type { ScoredMention } from '@vakt/schema/scored-mention';

/** Scored-mention builders shared by the in-process timelines and the SIGKILL child process (no vitest imports). */
export const MIN = 60_000;
export const T0 = Date.UTC(2026, 0, 5, 7, 0);

let seq = 0;
export function mention(
  watch: string,
  atMs: number,
  label: 'negative' | 'neutral' | 'positive',
  text: string,
  followers = 100,
): ScoredMention {
  seq += 1;
  const p = label === 'negative' ? [0.8, 0.15, 0.05] : label === 'neutral' ? [0.1, 0.8, 0.1] : [0.05, 0.15, 0.8];
  return {
    schemaVersion: 1,
    id: `m${seq}`,
    source: 'bluesky',
    text,
    created_at: new Date(atMs).toISOString(),
    ingested_at: new Date(atMs).toISOString(),
    matches: [{ watch, entities: [] }],
    author: { handle: `user${seq % 50}`, followers },
    engagement: { reposts: 0, replies: 0 },
    sentiment: {
      label,
      score: label === 'negative' ? -0.7 : label === 'positive' ? 0.7 : 0,
      confidence: 0.8,
      lang: 'sv',
      p_neg: p[0]!,
      p_neu: p[1]!,
      p_pos: p[2]!,
      model: 'lexicon-only',
      disagreement: false,
      explanation: [],
    },
    scored_at: new Date(atMs).toISOString(),
  };
}

/** Calm traffic: `perMin` mentions a minute, 20 % negative, from minute `from` to `to`. */
export function calm(watch: string, from: number, to: number, perMin = 10): (startMin: number) => ScoredMention[] {
  return () => {
    const out: ScoredMention[] = [];
    for (let m = from; m < to; m++)
      for (let i = 0; i < perMin; i++)
        out.push(
          mention(
            watch,
            T0 + m * MIN + (i * MIN) / perMin,
            i % 5 === 0 ? 'negative' : i % 2 ? 'neutral' : 'positive',
            i % 5 === 0 ? 'appen krånglar' : 'bra service',
          ),
        );
    return out;
  };
}

/** A negative storm rising linearly from `from` to `peak` (at `perMin` extra negatives a minute), falling to `to`. */
export function storm(
  watch: string,
  o: { peak: number; to: number; perMin: number },
): (startMin: number) => ScoredMention[] {
  return (from) => {
    const out: ScoredMention[] = [];
    for (let m = from; m < o.to; m++) {
      const k = Math.round(
        m <= o.peak ? (o.perMin * (m - from)) / (o.peak - from) : (o.perMin * (o.to - m)) / (o.to - o.peak),
      );
      for (let i = 0; i < k; i++)
        out.push(
          mention(
            watch,
            T0 + m * MIN + (i * MIN) / Math.max(k, 1),
            'negative',
            'utbetalningen försenad igen, kundtjänstkaos',
            i === 0 ? 200_000 : 80,
          ),
        );
    }
    return out;
  };
}
