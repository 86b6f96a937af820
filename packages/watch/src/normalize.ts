import { createRequire } from 'node:module';

// natural's index pulls in storage adapters (pg, redis, mongo) that load dotenv, which prints tips on stdout; loading
// the one stemmer file avoids both, so importing this module changes no environment and prints nothing
// (test/normalize-import.test.ts holds that for the installed natural).
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
  'heterna',
  'hetens',
  'arnas',
  'ernas',
  'ornas',
  'andes',
  'arens',
  'heten',
  'arna',
  'erna',
  'orna',
  'ande',
  'ades',
  'aren',
  'are',
  'ans',
  'ens',
  'ets',
  'ors',
  'ars',
  'ers',
  'het',
  'ar',
  'er',
  'or',
  'an',
  'en',
  'et',
  'as',
  'es',
  'a',
  'e',
  'n',
  's',
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
        for (const l of u.host.split('.'))
          if (/[\p{L}\p{N}]/u.test(l)) out.push({ kind: 'word', value: l, pos: pos++ });
      }
    } else if (g['domain'] !== undefined) {
      const labels = g['domain'].split('.');
      out.push({ kind: 'url', host: stripWww(fold(g['domain'])), path: '' });
      for (const l of labels) if (/[\p{L}\p{N}]/u.test(l)) out.push({ kind: 'word', value: l, pos: pos++ });
    }
  }
  return out;
}

/** A word-like piece of a post with its UTF-16 offsets (`end` exclusive), as `nameSpans` needs them. */
export interface SpannedWord {
  /** `tag`: a hashtag's body (the span includes the "#"); `word`: any other run of letters, digits and "_". */
  kind: 'word' | 'tag';
  value: string;
  start: number;
  end: number;
}

// Which UTF-16 code units are word characters ([\p{L}\p{N}_]), learnt on first sight: 0 unknown, 1 yes, 2 no.
const wordUnit = new Uint8Array(0x10000);
const WORD_CHAR = /^[\p{L}\p{N}_]$/u;
/** Length (1 or 2 code units) of the word character at `i`, or 0 when there is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const cp = text.codePointAt(i)!;
    return cp > 0xffff && WORD_CHAR.test(String.fromCodePoint(cp)) ? 2 : 0;
  }
  let k = wordUnit[c]!;
  if (k === 0) wordUnit[c] = k = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1 ? 1 : 0;
}

/**
 * The words and hashtags of `text` with their offsets, in order. A hand scan, not `tokenize`'s grammar: the scorer
 * runs this on every mention, and the grammar's regex cost ~11 µs a post against ~1 µs here. It differs from
 * `tokenize` only where nothing is lost: the labels of a URL or a handle come out as words (the scorer blanks a
 * name wherever it is), and a word followed by ".label" (a domain: "forsakringskassan.se") spans the domain.
 */
export function spannedWords(text: string): SpannedWord[] {
  const out: SpannedWord[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let w = wordCharAt(text, i);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    while (w > 0) {
      i += w;
      w = i < n ? wordCharAt(text, i) : 0;
    }
    const value = text.slice(start, i);
    let end = i;
    // A domain: "name.se", "www.name.co.uk". The span takes the dots and labels that follow.
    while (text.charCodeAt(end) === 0x2e && end + 1 < n && wordCharAt(text, end + 1) > 0) {
      end++;
      for (let d = wordCharAt(text, end); d > 0; d = end < n ? wordCharAt(text, end) : 0) end += d;
    }
    const tag = start > 0 && text.charCodeAt(start - 1) === 0x23 && (start < 2 || wordCharAt(text, start - 2) === 0);
    const spanStart = tag ? start - 1 : start;
    out.push({ kind: tag ? 'tag' : 'word', value, start: spanStart, end });
    // The labels after the first are looked up too ("www.forsakringskassan.se"), each with the domain's span.
    for (let j = i; j < end;) {
      j++; // the dot
      const ls = j;
      for (let d = wordCharAt(text, j); d > 0; d = j < end ? wordCharAt(text, j) : 0) j += d;
      out.push({ kind: 'word', value: text.slice(ls, j), start: spanStart, end });
    }
    i = end;
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
