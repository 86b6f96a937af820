import { describe, expect, it } from 'vitest';
import { mentionKey, type Mention } from '@vakt/schema/mention';
import { scoredMentionValidator, type Sentiment } from '@vakt/schema/scored-mention';
import { TOPICS } from '@vakt/schema/topics';
import { createScoreStage, decodeMention, type SentimentScorer } from '@vakt/stages/score';

const now = () => Date.parse('2026-11-23T10:00:00Z');
const mention = (id: string, text: string): Mention => ({
  schemaVersion: 1,
  id,
  source: 'x',
  text,
  created_at: '2026-11-23T09:00:00Z',
  ingested_at: '2026-11-23T09:00:01Z',
  matches: [{ watch: 'fk', entities: [] }],
});
const sentiment = (score: number): Sentiment => ({
  label: score < 0 ? 'negative' : score > 0 ? 'positive' : 'neutral',
  score,
  confidence: 0.8,
  lang: 'sv',
  p_neg: 0.1,
  p_neu: 0.1,
  p_pos: 0.8,
  model: 'combined',
  disagreement: false,
  explanation: [],
});
/** An engine that scores by a number in the text, throws on "boom" and returns an out-of-range score on "bad". */
const engine: SentimentScorer = {
  scoreBatch: (items) =>
    items.map((i) => {
      if (i.text.includes('boom')) throw new Error('engine bug');
      return sentiment(i.text.includes('bad') ? 7 : Number(i.text.match(/-?\d+(\.\d+)?/)?.[0] ?? 0));
    }),
};

describe('score stage', () => {
  it('emits one valid ScoredMention per mention on the scored topic, keyed like the raw mention', async () => {
    const inputs = [mention('1', 'a 0.5'), mention('2', 'b -0.5')];
    const results = await createScoreStage(engine, now).process(inputs, { now });
    expect(results.every((r) => r.ok)).toBe(true);
    const outs = results.flatMap((r) => (r.ok ? r.value : []));
    expect(outs.map((o) => [o.topic, o.record.key])).toEqual([
      [TOPICS.scored, mentionKey(inputs[0]!)],
      [TOPICS.scored, mentionKey(inputs[1]!)],
    ]);
    const parsed = outs.map((o) => scoredMentionValidator.parse(o.record.value as string));
    expect(
      parsed.map((p) => (p.ok ? [p.value.id, p.value.sentiment.score, p.value.scored_at] : p.error.message)),
    ).toEqual([
      ['1', 0.5, '2026-11-23T10:00:00.000Z'],
      ['2', -0.5, '2026-11-23T10:00:00.000Z'],
    ]);
  });

  it('an invalid engine result or an engine failure fails that mention only, with a reason', async () => {
    const results = await createScoreStage(engine, now).process(
      [mention('1', 'ok 0.2'), mention('2', 'bad'), mention('3', 'boom')],
      { now },
    );
    expect(results[0]!.ok).toBe(true);
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'VAKT_SCHEMA_INVALID' } });
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'VAKT_SCORING_FAILED' } });
  });

  it('a mention decoded from JSON text is emitted as that text plus the sentiment: the same object as re-serialising it', async () => {
    const m = { ...mention('1', 'Tack "för" inget \\ 😡 0.5'), author: { handle: 'a', followers: 3 }, lang: 'sv' };
    // Pretty-printed, escaped and with trailing whitespace: what a producer other than ingest may send.
    const texts = [
      JSON.stringify(m),
      `${JSON.stringify(m, null, 2)}\n \t\r\n`,
      JSON.stringify(m).replace('Tack', '\\u0054ack'),
    ];
    for (const text of texts) {
      const decoded = decodeMention(Buffer.from(text));
      if (!decoded.ok) throw decoded.error;
      const [r] = await createScoreStage(engine, now).process([decoded.value], { now });
      if (!r?.ok) throw new Error('not scored');
      const value = r.value[0]!.record.value as string;
      expect(value.startsWith(text.trimEnd().slice(0, -1))).toBe(true);
      const parsed = scoredMentionValidator.parse(value);
      if (!parsed.ok) throw parsed.error;
      expect(parsed.value).toEqual({ ...m, sentiment: sentiment(0.5), scored_at: '2026-11-23T10:00:00.000Z' });
    }
  });

  it('decodeMention rejects what the Mention validator rejects, with its reason', () => {
    expect(decodeMention('{not json')).toMatchObject({ ok: false, error: { code: 'VAKT_SCHEMA_INVALID' } });
    const extra = JSON.stringify({ ...mention('1', 'x'), sentiment: sentiment(1) });
    expect(decodeMention(extra)).toMatchObject({ ok: false, error: { message: expect.stringContaining('sentiment') } });
    expect(decodeMention(JSON.stringify([mention('1', 'x')]))).toMatchObject({ ok: false });
  });
});
