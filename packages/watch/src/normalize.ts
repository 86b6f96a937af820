import { createRequire } from 'node:module';

// natural's index pulls in storage adapters (pg, redis, mongo) and prints dotenv tips; loading the one stemmer file
// avoids both. The env guard stays in case a future natural version loads dotenv from the stemmer too.
process.env['DOTENV_CONFIG_QUIET'] ??= 'true';
const require = createRequire(import.meta.url);
const porterEn = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(w: string): string };

/**
 * Case and diacritics folding: "Försäkringskassan" and "forsakringskassan" are the same key. Swedes type without
 * å/ä/ö on foreign keyboards and in handles and URLs, so matching happens on the folded form; stemming runs on it
 * too (the endings below are folded as well).
 */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/œ/g, 'oe');
}

// Swedish inflection endings (folded), longest first. Definite -an/-en/-et, plural -ar/-er/-or(-na), genitive -s.
// natural's PorterStemmerSv leaves the definite "-an" on ("försäkringskassan" stays whole while "försäkringskassa"
// loses its "-a"), so the two forms of an organisation name would not meet; this light stripper makes them meet.
const SV_ENDINGS = [
  'heterna', 'hetens', 'arnas', 'ernas', 'ornas', 'andes', 'arens', 'heten', 'arna', 'erna', 'orna', 'ande', 'ades',
  'aren', 'are', 'ans', 'ens', 'ets', 'ors', 'ars', 'ers', 'het', 'ar', 'er', 'or', 'an', 'en', 'et', 'as', 'es', 'a',
  'e', 'n', 's',
].sort((a, b) => b.length - a.length);

/** Minimum stem length left after stripping, so that short words ("man", "app") are not reduced to nothing. */
const SV_MIN_STEM = 3;

/** Light Swedish stemmer on a folded word: strips one inflection ending, keeping at least 3 characters. */
export function stemSv(folded: string): string {
  for (const e of SV_ENDINGS) {
    if (folded.length - e.length >= SV_MIN_STEM && folded.endsWith(e)) return folded.slice(0, -e.length);
  }
  return folded;
}

/** Is `rest` (what follows a stem inside a word) only an inflection ending? */
export function isSvEnding(rest: string): boolean {
  return rest === '' || SV_ENDINGS.includes(rest);
}

/** English Porter stem (natural) on a folded word. */
export function stemEn(folded: string): string {
  return porterEn.stem(folded);
}

/** Per-word stems, cached: word frequencies are Zipfian, so a bounded cache absorbs most stemming cost. */
export interface WordKeys {
  readonly folded: string;
  readonly sv: string;
  readonly en: string;
}
const STEM_CACHE_MAX = 200_000;
const stemCache = new Map<string, WordKeys>();

export function wordKeys(word: string): WordKeys {
  let k = stemCache.get(word);
  if (k) return k;
  const folded = fold(word);
  k = { folded, sv: stemSv(folded), en: stemEn(folded) };
  // Clearing is cheaper than LRU bookkeeping and the hot words come back within a few posts.
  if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
  stemCache.set(word, k);
  return k;
}

/** One token of a post. Words carry their position so phrases can be checked for adjacency. */
export type Token =
  | { kind: 'word'; value: string; pos: number }
  | { kind: 'hashtag'; value: string }
  | { kind: 'handle'; value: string }
  | { kind: 'url'; host: string; path: string };

const TOKEN_RE =
  /(?<url>https?:\/\/[^\s<>"'()[\]{}]+)|(?<![\p{L}\p{N}_])@(?<handle>[\p{L}\p{N}_][\p{L}\p{N}_.-]*(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?)|(?<![\p{L}\p{N}_])#(?<tag>[\p{L}\p{N}_]+)|(?<domain>(?:[\p{L}\p{N}-]+\.)+\p{L}{2,24})(?![\p{L}\p{N}_])|(?<word>[\p{L}\p{N}_]+)/gu;

/** Splits a host and path out of a URL without throwing on junk (mention text is user-generated). */
export function splitUrl(raw: string): { host: string; path: string } | null {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#:\s]+)(?::\d+)?([^?#\s]*)/i.exec(raw);
  if (!m) return null;
  return { host: stripWww(fold(m[1]!)), path: fold(m[2] ?? '').replace(/\/+$/, '') };
}

export const stripWww = (host: string): string => host.replace(/^www\./, '').replace(/\.$/, '');

/**
 * Tokenises post text into words (with positions), hashtags, handles and URLs/bare domains. A hashtag's body and
 * a bare domain's labels are also emitted as words, so "#Försäkringskassan" and "forsakringskassan.se" hit a plain
 * word term.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    const g = m.groups!;
    if (g['word'] !== undefined) out.push({ kind: 'word', value: g['word'], pos: pos++ });
    else if (g['tag'] !== undefined) {
      out.push({ kind: 'hashtag', value: fold(g['tag']) });
      out.push({ kind: 'word', value: g['tag'], pos: pos++ });
    } else if (g['handle'] !== undefined) out.push({ kind: 'handle', value: fold(g['handle'].replace(/\.+$/, '')) });
    else if (g['url'] !== undefined) {
      const u = splitUrl(g['url'].replace(/[.,;:!?]+$/, ''));
      if (u) {
        out.push({ kind: 'url', ...u });
        // A link to forsakringskassan.se is about Försäkringskassan: the host's labels count as words.
        for (const l of u.host.split('.')) if (/[\p{L}\p{N}]/u.test(l)) out.push({ kind: 'word', value: l, pos: pos++ });
      }
    } else if (g['domain'] !== undefined) {
      const labels = g['domain'].split('.');
      out.push({ kind: 'url', host: stripWww(fold(g['domain'])), path: '' });
      for (const l of labels) if (/[\p{L}\p{N}]/u.test(l)) out.push({ kind: 'word', value: l, pos: pos++ });
    }
  }
  return out;
}

/** Keys a URL hits: the host and each parent domain (not the bare TLD), each with every path prefix. */
export function urlKeys(host: string, path: string): string[] {
  const labels = host.split('.');
  const hosts: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) hosts.push(labels.slice(i).join('.'));
  const segs = path.split('/').filter(Boolean).slice(0, 6);
  const keys: string[] = [];
  for (const h of hosts) {
    keys.push(`u:${h}`);
    let p = '';
    for (const s of segs) {
      p += `/${s}`;
      keys.push(`u:${h}${p}`);
    }
  }
  return keys;
}
