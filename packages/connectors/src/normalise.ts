import { createHash } from 'node:crypto';
import type { Result } from '@vakt/errors/result';
import { MAX_TEXT_CHARS, mentionInputValidator, type MentionInput } from '@vakt/schema/mention';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes HTML character references; unknown named ones are left as they are. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isInteger(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * HTML (Mastodon `content`, RSS descriptions) to plain text for matching and scoring. The result is only ever
 * treated as text downstream; this is not a sanitiser and its output must never be rendered as HTML.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text);
}

/** Collapses whitespace and cuts to the wire format's limit without splitting a surrogate pair. */
export function clampText(s: string): string {
  let t = s
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
  if (t.length > MAX_TEXT_CHARS) {
    t = t.slice(0, MAX_TEXT_CHARS);
    if (/[\ud800-\udbff]$/.test(t)) t = t.slice(0, -1);
  }
  return t;
}

/** ISO timestamp from ms, seconds (Reddit `created_utc`) or a date string; null when unparseable. */
export function toIso(value: unknown, unit: 'ms' | 's' = 'ms'): string | null {
  let ms: number;
  if (typeof value === 'number') ms = unit === 's' ? value * 1000 : value;
  else if (typeof value === 'string') ms = Date.parse(value);
  else return null;
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A count if it is a non-negative integer (sources send null, -1 or strings for hidden counts). */
export function count(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Two- or three-letter language hint from tags like "sv-SE" or ["sv"]. */
export function langHint(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string') return undefined;
  const m = /^([a-z]{2,3})(?:[-_]|$)/i.exec(v.trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Short stable hash for ids derived from URLs (bounded length, same input → same id across restarts). */
export function stableHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

const cap = (s: string | undefined, n = 256): string | undefined =>
  s === undefined || s === '' ? undefined : s.slice(0, n);

/** Drops undefined fields and empty objects, clamps string lengths, then validates against MentionInput. */
export function buildMention(m: {
  id: string;
  source: string;
  text: string;
  created_at: string;
  url?: string | undefined;
  lang?: string | undefined;
  author?: {
    id?: string | undefined;
    handle?: string | undefined;
    name?: string | undefined;
    followers?: number | undefined;
  };
  engagement?: {
    reposts?: number | undefined;
    replies?: number | undefined;
    likes?: number | undefined;
    quotes?: number | undefined;
  };
}): Result<MentionInput> {
  const prune = <T extends object>(o: T | undefined): T | undefined => {
    if (!o) return undefined;
    const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    return Object.keys(out).length ? out : undefined;
  };
  const author = prune(
    m.author && {
      id: cap(m.author.id),
      handle: cap(m.author.handle),
      name: cap(m.author.name),
      followers: m.author.followers,
    },
  );
  const value = prune({
    id: m.id.slice(0, 512),
    source: m.source,
    text: clampText(m.text),
    created_at: m.created_at,
    url: cap(m.url, 2048),
    lang: m.lang,
    author,
    engagement: prune(m.engagement),
  });
  return mentionInputValidator.check(value);
}

/**
 * A bounded, insertion-ordered set of recent ids for dedup across a rewind or reconnect. Serialisable so it can
 * live in the cursor next to the position it protects.
 */
export class RecentIds {
  private readonly set: Set<string>;
  constructor(
    private readonly max: number,
    initial: readonly string[] = [],
  ) {
    this.set = new Set(initial.slice(-max));
  }
  has(id: string): boolean {
    return this.set.has(id);
  }
  add(id: string): void {
    this.set.delete(id);
    this.set.add(id);
    if (this.set.size > this.max) this.set.delete(this.set.values().next().value as string);
  }
  toJSON(): string[] {
    return [...this.set];
  }
}
