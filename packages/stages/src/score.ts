import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import type { OutgoingRecord } from '@vakt/bus/types';
import type { Stage } from '@vakt/pipeline/stage';
import { mentionKey, mentionValidator, type Mention } from '@vakt/schema/mention';
import { sentimentValidator, type ScoredMention, type Sentiment } from '@vakt/schema/scored-mention';
import { TOPICS } from '@vakt/schema/topics';

/**
 * What the scorer needs from the sentiment engine: one Sentiment per input, in order, for a batch. `matches` (the
 * watches a mention matched) lets the engine apply what those watches declare: domain words, names to ignore.
 */
export interface SentimentScorer {
  scoreBatch(
    items: ReadonlyArray<{ text: string; lang?: string; matches?: ReadonlyArray<{ watch: string }> }>,
  ): Sentiment[] | Promise<Sentiment[]>;
}

// The JSON text each decoded mention was parsed from (see decodeMention). Weak: an entry lives as long as its mention.
const rawJson = new WeakMap<Mention, string>();

/**
 * Decodes one `vakt.mentions.raw` record value: JSON parse + the Mention validator, exactly `mentionValidator.parse`.
 * It also remembers the JSON text of a valid mention, so the score stage can emit the ScoredMention as that text plus
 * the fields it adds instead of serialising the whole mention again (the text was validated as a Mention: an object
 * with only Mention's fields, none of them `sentiment` or `scored_at`).
 */
export function decodeMention(raw: Buffer | string): Result<Mention> {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  const decoded = mentionValidator.parse(text);
  if (decoded.ok) rawJson.set(decoded.value, text);
  return decoded;
}

/**
 * `{...mention, sentiment, scored_at}` as JSON, appending to the mention's own JSON text when decodeMention saw it.
 * Same object for any JSON reader (duplicate keys in the text resolve the same way: the validated, last one wins).
 */
function scoredJson(m: Mention, s: Sentiment, scoredAt: string): string {
  const text = rawJson.get(m);
  if (text !== undefined) {
    let end = text.length - 1;
    while (end > 0 && (text[end] === ' ' || text[end] === '\n' || text[end] === '\r' || text[end] === '\t')) end--;
    if (text[end] === '}')
      return `${text.slice(0, end)},"sentiment":${JSON.stringify(s)},"scored_at":${JSON.stringify(scoredAt)}}`;
  }
  const scored: ScoredMention = { ...m, sentiment: s, scored_at: scoredAt };
  return JSON.stringify(scored);
}

/**
 * Scores a batch of raw mentions and emits them on `vakt.mentions.scored`, keyed like the input. The output is
 * validated before it is produced (every boundary validates); an engine failure on one mention dead-letters that
 * mention only: the batch is retried one by one to find it.
 */
export function createScoreStage(
  engine: SentimentScorer,
  now: () => number,
): Stage<Mention, { topic: string; record: OutgoingRecord }> {
  // A batch is scored within a few milliseconds: format each distinct millisecond once.
  let lastMs = NaN;
  let lastIso = '';
  const scoredAt = (): string => {
    const t = now();
    if (t !== lastMs) {
      lastMs = t;
      lastIso = new Date(t).toISOString();
    }
    return lastIso;
  };
  const build = (m: Mention, s: Sentiment): Result<Array<{ topic: string; record: OutgoingRecord }>> => {
    // Only what this stage adds is validated here: the mention itself passed the Mention validator on the way in
    // (and the sink validates the whole ScoredMention at its door). Validating it twice cost ~10 % of the scorer.
    const checked = sentimentValidator.check(s);
    if (!checked.ok) return err(checked.error);
    return ok([{ topic: TOPICS.scored, record: { key: mentionKey(m), value: scoredJson(m, s, scoredAt()) } }]);
  };
  const scoreOne = async (m: Mention): Promise<Result<Array<{ topic: string; record: OutgoingRecord }>>> => {
    try {
      const [s] = await engine.scoreBatch([m]);
      if (!s) return err(new VaktError('VAKT_SCORING_FAILED', `engine returned no result for ${m.source}:${m.id}`));
      return build(m, s);
    } catch (cause) {
      return err(new VaktError('VAKT_SCORING_FAILED', `sentiment engine failed on ${m.source}:${m.id}`, { cause }));
    }
  };
  return {
    name: 'score',
    async process(inputs) {
      if (inputs.length === 0) return [];
      try {
        // A Mention is a valid engine item (text, optional lang): no per-mention copy.
        const results = await engine.scoreBatch(inputs);
        if (results.length !== inputs.length) throw new Error('engine returned a different number of results');
        return inputs.map((m, i) => build(m, results[i]!));
      } catch {
        // One bad input must not sink the batch: score one by one so only the culprit is dead-lettered.
        return Promise.all(inputs.map(scoreOne));
      }
    },
  };
}
