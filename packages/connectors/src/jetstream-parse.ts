import type { MentionInput } from '@vakt/schema/mention';
import { buildMention, langHint, toIso } from './normalise.js';

/** A parsed Jetstream message: its time (the cursor), and a mention or the reason it is not one. */
export interface JetstreamEvent {
  readonly timeUs: number | null;
  readonly mention?: MentionInput;
  /** Per version: an edit (`update`) is a new version of the same mention id. */
  readonly dedupKey?: string;
  readonly drop?: 'not_a_post' | 'deleted' | 'invalid' | 'empty_text';
}

interface RawEvent {
  did?: unknown;
  time_us?: unknown;
  kind?: unknown;
  commit?: {
    operation?: unknown;
    collection?: unknown;
    rkey?: unknown;
    rev?: unknown;
    cid?: unknown;
    record?: Record<string, unknown>;
  };
}

/**
 * Jetstream v1 (`/subscribe`) JSON: `{ did, time_us, kind: "commit"|"identity"|"account", commit: { rev,
 * operation, collection, rkey, record, cid } }`. See `fixtures/jetstream-v1.jsonl`. Jetstream carries no handle,
 * follower or like counts (those need the AppView API), so author is the DID and reach is left to enrichment.
 */
export function parseJetstreamEvent(line: string, source: string): JetstreamEvent {
  let raw: RawEvent;
  try {
    raw = JSON.parse(line) as RawEvent;
  } catch {
    return { timeUs: null, drop: 'invalid' };
  }
  const timeUs = typeof raw.time_us === 'number' && Number.isSafeInteger(raw.time_us) ? raw.time_us : null;
  if (timeUs === null) return { timeUs: null, drop: 'invalid' };
  const c = raw.commit;
  if (raw.kind !== 'commit' || !c || c.collection !== 'app.bsky.feed.post') return { timeUs, drop: 'not_a_post' };
  if (c.operation === 'delete') return { timeUs, drop: 'deleted' };
  if (typeof raw.did !== 'string' || typeof c.rkey !== 'string' || !c.record) return { timeUs, drop: 'invalid' };
  const text = c.record['text'];
  if (typeof text !== 'string' || text.trim() === '') return { timeUs, drop: 'empty_text' };
  const r = buildMention({
    id: `at://${raw.did}/app.bsky.feed.post/${c.rkey}`,
    source,
    text,
    created_at: toIso(c.record['createdAt']) ?? new Date(Math.floor(timeUs / 1000)).toISOString(),
    url: `https://bsky.app/profile/${raw.did}/post/${c.rkey}`,
    lang: langHint(c.record['langs']),
    author: { id: raw.did },
  });
  if (!r.ok) return { timeUs, drop: 'invalid' };
  return { timeUs, mention: r.value, dedupKey: `${raw.did}/${c.rkey}@${String(c.rev ?? c.cid ?? '')}` };
}
