import { VaktError } from '@vakt/errors/vakt-error';
import { createdAtProblem } from '@vakt/schema/created-at';
import {
  mentionInputValidator,
  mentionKey,
  type Mention,
  type MentionInput,
  type WatchMatch,
} from '@vakt/schema/mention';
import type { RecentKeys } from './dedup.js';

/** Matches a mention against the configured watches; provided by `@vakt/watch` (or a fixed list in tests). */
export interface WatchMatcher {
  match(mention: Pick<MentionInput, 'text' | 'url' | 'author' | 'lang'>): WatchMatch[];
  /** Names of the configured watches, to accept a mention that names its own watch. */
  has(watch: string): boolean;
  /**
   * The id of the watch a mention names by id or display name ("Försäkringskassan" → `forsakringskassan`), so a
   * tagged mention is stored under the same key as a matched one. Without it the tag must be the key itself.
   */
  resolve?(watch: string): string | undefined;
}

/**
 * Turns an author id or handle into its pseudonym (`@vakt/store/pseudonym`'s Pseudonymiser is one). Given one,
 * ingest forwards pseudonyms only, so no later stage (scorer, alerter and its webhooks and delivery log, live
 * feed, store) ever holds the clear author: pseudonymising later would leave clear authors in Kafka and every consumer.
 */
export interface AuthorPseudonymiser {
  (kind: 'id' | 'handle', value: string): string;
  /** Whether the URL (which usually names the handle) may travel on; dropped otherwise. */
  readonly keepUrl: boolean;
}

export interface ItemRejection {
  index: number;
  /** 1-based line of the item in an NDJSON body (blank lines counted), so a client can find it in what it sent. */
  line?: number;
  id?: string;
  code: string;
  /** Every problem found, joined with "; " (a schema failure lists each field, not only the first). */
  reason: string;
  /** A schema failure's problems one by one (at most 20), e.g. `/text: must be string`. */
  problems?: string[];
}

export interface PreparedBatch {
  accepted: Mention[];
  rejected: ItemRejection[];
  /** Valid but intentionally not forwarded: matched no watch, or a duplicate of a recent mention. */
  dropped: Array<{ index: number; id: string; reason: 'no_watch' | 'duplicate' }>;
}

export interface SplitBody {
  items: unknown[];
  /** Lines that are not JSON, as rejections of the item at their index (which holds `undefined`). */
  parseErrors: ItemRejection[];
  /** NDJSON only: the 1-based line each item came from. */
  lines?: number[];
}

/**
 * Splits a request body into items: a JSON array, a single JSON object (pretty-printed or not), or NDJSON (one
 * object per line). A line that is not JSON becomes a rejected item; it never fails its neighbours. Blank lines
 * (whitespace only) are skipped but counted, so every item keeps its true line number and every rejection lines up
 * with its own item. More than `maxItems` items is a VAKT_PAYLOAD_TOO_LARGE before any is parsed or validated.
 */
export function splitBody(body: string, limits: { maxItems?: number } = {}): SplitBody {
  const max = limits.maxItems ?? Infinity;
  const tooMany = (n: number) =>
    new VaktError(
      'VAKT_PAYLOAD_TOO_LARGE',
      `body holds ${n} mentions; at most ${max} per request (VAKT_INGEST_MAX_MENTIONS): split it into smaller requests`,
    );
  const trimmed = body.trim();
  if (trimmed === '') return { items: [], parseErrors: [] };
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      throw new VaktError('VAKT_SCHEMA_INVALID', `body is not a valid JSON array: ${(e as Error).message}`);
    }
    if (Array.isArray(parsed)) {
      if (parsed.length > max) throw tooMany(parsed.length);
      return { items: parsed, parseErrors: [] };
    }
  }
  const lines = body.split('\n');
  const numbered: Array<{ text: string; line: number }> = [];
  lines.forEach((text, i) => {
    if (text.trim() !== '') numbered.push({ text, line: i + 1 });
  });
  if (numbered.length > 1 && trimmed.startsWith('{')) {
    // A pretty-printed single object spans lines that are not JSON on their own.
    const whole = parseObject(trimmed);
    if (whole !== undefined) return { items: [whole], parseErrors: [], lines: [numbered[0]!.line] };
  }
  if (numbered.length > max) throw tooMany(numbered.length);
  const items: unknown[] = [];
  const parseErrors: ItemRejection[] = [];
  for (const { text, line } of numbered) {
    try {
      items.push(JSON.parse(text));
    } catch (e) {
      parseErrors.push({
        index: items.length,
        line,
        code: 'VAKT_SCHEMA_INVALID',
        reason: `line ${line}: not valid JSON (${(e as Error).message})`,
      });
      items.push(undefined);
    }
  }
  return { items, parseErrors, lines: numbered.map((n) => n.line) };
}

function parseObject(text: string): object | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined; // not one object: read as NDJSON, where each broken line is reported
  }
}

/**
 * Validates each item, matches it against watches and builds the `vakt.mentions.raw` wire format. Items are
 * independent: an invalid one is rejected with its reason, the valid ones go on.
 */
export function prepareMentions(
  items: readonly unknown[],
  deps: { matcher: WatchMatcher; now: () => number; recent?: RecentKeys; pseudonymise?: AuthorPseudonymiser },
  preRejected: readonly ItemRejection[] = [],
): PreparedBatch {
  const out: PreparedBatch = { accepted: [], rejected: [...preRejected], dropped: [] };
  const skip = new Set(preRejected.map((r) => r.index));
  const ingestedAt = new Date(deps.now()).toISOString();
  const clock = Date.parse(ingestedAt);
  items.forEach((item, index) => {
    if (skip.has(index)) return;
    const checked = mentionInputValidator.check(item);
    if (!checked.ok) {
      const id = typeof (item as { id?: unknown })?.id === 'string' ? (item as { id: string }).id : undefined;
      const problems = checked.error.context.problems;
      out.rejected.push({
        index,
        ...(id ? { id } : {}),
        code: checked.error.code,
        reason: checked.error.message,
        ...(Array.isArray(problems) ? { problems: problems as string[] } : {}),
      });
      return;
    }
    const input = checked.value;
    // A time the store cannot hold (or a date far ahead) is refused here with its reason, never accepted and then
    // dead-lettered by the sink after the client was told 202.
    const badTime = createdAtProblem(input.created_at, clock);
    if (badTime) {
      out.rejected.push({ index, id: input.id, code: 'VAKT_SCHEMA_INVALID', reason: `MentionInput ${badTime}` });
      return;
    }
    let matches: WatchMatch[];
    if (input.watch !== undefined) {
      const watch = deps.matcher.resolve
        ? deps.matcher.resolve(input.watch)
        : deps.matcher.has(input.watch)
          ? input.watch
          : undefined;
      if (watch === undefined) {
        out.rejected.push({
          index,
          id: input.id,
          code: 'VAKT_NO_WATCH',
          reason: `watch "${input.watch}" is not configured`,
        });
        return;
      }
      const hit = deps.matcher.match(input).find((m) => m.watch === watch);
      matches = [{ watch, entities: hit?.entities ?? [] }];
    } else {
      // The wire format caps matches at 64: a post naming more watches is still forwarded, for the first 64.
      matches = deps.matcher.match(input).slice(0, 64);
    }
    if (matches.length === 0) {
      out.dropped.push({ index, id: input.id, reason: 'no_watch' });
      return;
    }
    if (deps.recent?.checkAndAdd(mentionKey(input))) {
      out.dropped.push({ index, id: input.id, reason: 'duplicate' });
      return;
    }
    // Pseudonymised after matching: a watch may follow an account by its clear handle.
    out.accepted.push({
      schemaVersion: 1,
      ...(deps.pseudonymise ? pseudonymous(input, deps.pseudonymise) : input),
      ingested_at: ingestedAt,
      matches,
    });
  });
  return out;
}

/** The mention as it may leave ingest: id and handle pseudonymised, the display name dropped (it names the person). */
function pseudonymous(input: MentionInput, p: AuthorPseudonymiser): MentionInput {
  const { url, author, ...rest } = input;
  const out: MentionInput = rest;
  if (url !== undefined && p.keepUrl) out.url = url;
  if (author) {
    out.author = {
      ...(author.id !== undefined ? { id: p('id', author.id) } : {}),
      ...(author.handle !== undefined ? { handle: p('handle', author.handle) } : {}),
      ...(author.followers !== undefined ? { followers: author.followers } : {}),
    };
  }
  return out;
}
