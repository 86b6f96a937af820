import type { MentionInput } from '@vakt/schema/mention';
import { buildMention, count, toIso } from './normalise.js';

/** A Reddit listing (`{ kind: 'Listing', data: { after, children: [{ kind: 't3'|'t1', data }] } }`). */
export interface RedditListing {
  kind: 'Listing';
  data: {
    after: string | null;
    before: string | null;
    children: Array<{ kind: string; data: Record<string, unknown> }>;
  };
}

export type RedditThing =
  | { fullname: string; createdUtc: number; mention: MentionInput }
  | { fullname: string | null; createdUtc: number | null; drop: 'deleted' | 'invalid' | 'empty_text' | 'not_a_post' };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * t3 (link/post) and t1 (comment) → MentionInput. The fullname (`t3_abc123`) is the stable id. Listings carry no
 * follower counts; reach is score and comment count. Requests use `raw_json=1`, so text is not HTML-escaped.
 */
export function redditThing(child: { kind?: unknown; data?: Record<string, unknown> }, source: string): RedditThing {
  const d = child.data ?? {};
  const fullname = str(d['name']) ?? null;
  const createdUtc = typeof d['created_utc'] === 'number' ? d['created_utc'] : null;
  if (child.kind !== 't3' && child.kind !== 't1') return { fullname, createdUtc, drop: 'not_a_post' };
  if (!fullname || createdUtc === null) return { fullname, createdUtc, drop: 'invalid' };
  const body =
    child.kind === 't3'
      ? [str(d['title']) ?? '', str(d['selftext']) ?? ''].filter(Boolean).join('\n')
      : (str(d['body']) ?? '');
  if (body === '[removed]' || body === '[deleted]' || d['removed_by_category'])
    return { fullname, createdUtc, drop: 'deleted' };
  if (body.trim() === '') return { fullname, createdUtc, drop: 'empty_text' };
  const author = str(d['author']);
  const r = buildMention({
    id: fullname,
    source,
    text: body,
    created_at: toIso(createdUtc, 's')!,
    url: str(d['permalink']) ? `https://www.reddit.com${d['permalink'] as string}` : undefined,
    author: author && author !== '[deleted]' ? { handle: author, id: str(d['author_fullname']) } : undefined,
    engagement: { likes: count(d['score']), replies: child.kind === 't3' ? count(d['num_comments']) : undefined },
  });
  return r.ok ? { fullname, createdUtc, mention: r.value } : { fullname, createdUtc, drop: 'invalid' };
}
