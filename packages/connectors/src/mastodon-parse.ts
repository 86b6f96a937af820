import type { Result } from '@vakt/errors/result';
import type { MentionInput } from '@vakt/schema/mention';
import { buildMention, count, htmlToText, langHint, toIso } from './normalise.js';

/** The fields of a Mastodon Status entity that Vakt reads (docs.joinmastodon.org/entities/Status). */
export interface MastodonStatus {
  id: string;
  uri: string;
  url?: string | null;
  created_at: string;
  content: string;
  spoiler_text?: string;
  language?: string | null;
  visibility?: string;
  reblog?: MastodonStatus | null;
  reblogs_count?: number;
  favourites_count?: number;
  replies_count?: number;
  account?: {
    id?: string;
    acct?: string;
    username?: string;
    display_name?: string;
    url?: string;
    followers_count?: number;
  };
}

export type StatusDrop = 'repost' | 'not_public' | 'empty_text' | 'invalid';

/**
 * Status → MentionInput. The id is the ActivityPub `uri`, identical on every instance that federates the post,
 * so one post seen through two instances dedups downstream. Local accounts' `acct` lacks a domain; it is added.
 */
export function statusToMention(
  s: unknown,
  source: string,
  instanceHost: string,
): Result<MentionInput> | { drop: StatusDrop } {
  const st = s as Partial<MastodonStatus> | null;
  if (
    !st ||
    typeof st !== 'object' ||
    typeof st.id !== 'string' ||
    typeof st.uri !== 'string' ||
    typeof st.content !== 'string'
  ) {
    return { drop: 'invalid' };
  }
  if (st.reblog) return { drop: 'repost' }; // the boosted post reaches us on its own
  if (st.visibility && st.visibility !== 'public' && st.visibility !== 'unlisted') return { drop: 'not_public' };
  const text = [st.spoiler_text ?? '', htmlToText(st.content)].filter((x) => x.trim() !== '').join('\n');
  if (text.trim() === '') return { drop: 'empty_text' };
  const a = st.account ?? {};
  const acct = typeof a.acct === 'string' ? (a.acct.includes('@') ? a.acct : `${a.acct}@${instanceHost}`) : undefined;
  const created = toIso(st.created_at);
  if (!created) return { drop: 'invalid' };
  return buildMention({
    id: st.uri,
    source,
    text,
    created_at: created,
    url: st.url ?? st.uri,
    lang: langHint(st.language),
    author: { id: a.url, handle: acct, name: a.display_name, followers: count(a.followers_count) },
    engagement: {
      reposts: count(st.reblogs_count),
      replies: count(st.replies_count),
      likes: count(st.favourites_count),
    },
  });
}

/** Mastodon ids are numeric strings ordered by time (snowflake-like); compare without overflowing a double. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
