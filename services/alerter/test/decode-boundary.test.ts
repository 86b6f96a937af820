import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEAD_LETTER_HEADER } from '@vakt/schema/dead-letter';
import { scoredMentionValidator } from '@vakt/schema/scored-mention';
import { TOPICS } from '@vakt/schema/topics';
import { mention, scenario, T0 } from './timeline.js';

/**
 * The alerter decodes `vakt.mentions.scored` with decodeScoredMention (session 4) instead of the full validator's
 * `parse`. Its boundary must not move: every record the full validator rejects is dead-lettered with the reason the
 * full validator gives, every record it accepts is counted as a mention, and the alerter keeps consuming.
 */
let current: Awaited<ReturnType<typeof scenario>> | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

const valid = () => mention('tk', T0, 'negative', 'appen krånglar igen');
/** A record the cases mutate at any path, so its shape is deliberately open. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const raw = (over: (m: Json) => void) => {
  const m = valid() as unknown as Json;
  over(m);
  return JSON.stringify(m);
};

// Each malformation a producer bug could plausibly write, plus records that are valid in less common spellings.
const records: Array<[string, string]> = [
  ['not JSON', '{"schemaVersion":1,'],
  ['a JSON array', '[]'],
  ['missing sentiment', raw((m) => delete m.sentiment)],
  ['score out of range', raw((m) => (m.sentiment.score = 1.5))],
  ['score Infinity (1e400)', raw((m) => (m.sentiment.score = 0)).replace('"score":0', '"score":1e400')],
  ['unknown label', raw((m) => (m.sentiment.label = 'angry'))],
  ['unknown top-level key', raw((m) => (m.extra = 1))],
  [
    'unknown key in a span',
    raw((m) => (m.sentiment.explanation = [{ start: 0, end: 1, contribution: 0, rules: [], x: 1 }])),
  ],
  ['fractional followers', raw((m) => (m.author.followers = 1.5))],
  ['no watch matched', raw((m) => (m.matches = []))],
  ['30 February', raw((m) => (m.created_at = '2026-02-30T10:00:00Z'))],
  ['time without zone', raw((m) => (m.ingested_at = '2026-01-05T07:00:00'))],
  ['source with a space', raw((m) => (m.source = 'blue sky'))],
  ['text over 32,768 characters', raw((m) => (m.text = 'x'.repeat(32_769)))],
  // valid, in spellings the fast path leaves to the full validator: must be accepted, not dead-lettered
  ['valid: offset time', raw((m) => (m.created_at = '2026-01-05T08:00:00+01:00'))],
  ['valid: leap second', raw((m) => (m.scored_at = '2026-12-31T23:59:60Z'))],
  ['valid: 32,768 astral characters in text', raw((m) => (m.text = '😡'.repeat(32_768)))],
  ['valid: the plain record', raw(() => undefined)],
];

describe('the alerter dead-letters exactly what the full ScoredMention validator rejects, with its reason', () => {
  it('each record is a mention or a dead letter as scoredMentionValidator.parse decides, reasons included', async () => {
    const s = (current = await scenario({
      destinations: (url) => [{ id: 'hook', kind: 'webhook', url: `${url}/hook`, unsigned: true }],
    }));
    const dlq = await s.bus.consumer({ groupId: 'dlq-reader', topics: [TOPICS.dlq] });
    const letters: Array<{ key: string | null; reason: string; code: string }> = [];
    await dlq.run(async (rs) => {
      for (const r of rs) {
        const letter = JSON.parse(r.headers[DEAD_LETTER_HEADER]!) as { reason: string; code: string };
        letters.push({ key: r.key, reason: letter.reason, code: letter.code });
      }
    });
    const producer = await s.bus.producer();
    await producer.send(
      TOPICS.scored,
      records.map(([name, value]) => ({ key: name, value })),
    );
    const expected = records.map(([name, value]) => ({ name, r: scoredMentionValidator.parse(value) }));
    const rejected = expected.filter((e) => !e.r.ok);
    // 1. all consumed: accepted ones counted as mentions, rejected ones dead-lettered
    await vi.waitFor(
      () =>
        expect(s.app.counters()).toMatchObject({
          mentions: records.length - rejected.length,
          deadLettered: rejected.length,
        }),
      { timeout: 10_000, interval: 5 },
    );
    await vi.waitFor(() => expect(letters).toHaveLength(rejected.length), { timeout: 10_000, interval: 5 });
    // 2. each dead letter carries the full validator's code and message for that record
    const byKey = new Map(letters.map((l) => [l.key, l]));
    for (const { name, r } of rejected) {
      if (r.ok) continue;
      expect(byKey.get(name), name).toEqual({ key: name, code: 'VAKT_SCHEMA_INVALID', reason: r.error.message });
    }
    // 3. the cases cover both sides: 14 malformed, 4 valid
    expect(rejected.map((e) => e.name)).toEqual(records.filter(([n]) => !n.startsWith('valid:')).map(([n]) => n));
    await dlq.stop();
    await producer.close();
  }, 30_000);
});
