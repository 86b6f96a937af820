import { createInterface } from 'node:readline';
import { analyze, type Analysis, type Label } from './analyze.js';
import type { Lang } from './language.js';

/** One input line of `vakt score --jsonl`. */
export interface ScoreItem {
  id: string | number;
  text: string;
  lang?: 'sv' | 'en';
}

/** One output line: at least id, label and score (-1..1); a scorer may add fields (confidence, lang, model…). */
export interface ScoreResult {
  id: string | number;
  label: Label;
  score: number;
  [extra: string]: unknown;
}

/**
 * Scores a batch, results in the same order. May be async (a learned model). Throwing fails the whole batch:
 * every line in it is reported on stderr and the run goes on.
 */
export type BatchScorer = (items: readonly ScoreItem[]) => readonly ScoreResult[] | Promise<readonly ScoreResult[]>;

/** Counts for the caller's exit code and summary: `failed` = malformed lines plus lines the scorer failed on. */
export interface JsonlSummary {
  lines: number;
  scored: number;
  failed: number;
}

/** The lexicon engine as a BatchScorer: `{ id, label, score, confidence, lang }`. */
export const lexiconScorer: BatchScorer = (items) =>
  items.map((it) => {
    const a = analyze(it.text, it.lang ? { lang: it.lang } : {});
    return { id: it.id, label: a.label, score: round(a.score), confidence: a.confidence, lang: a.lang };
  });

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Validates one parsed line. The message names the field, never echoes the mention text. */
export function parseItem(line: string): { item: ScoreItem } | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { error: 'VAKT_SCHEMA_INVALID: not valid JSON; expected {"id","text","lang"?}' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { error: 'VAKT_SCHEMA_INVALID: expected a JSON object {"id","text","lang"?}' };
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string' && !(typeof o.id === 'number' && Number.isFinite(o.id)))
    return { error: 'VAKT_SCHEMA_INVALID: "id" must be a string or a number' };
  if (typeof o.text !== 'string') return { error: 'VAKT_SCHEMA_INVALID: "text" must be a string' };
  // An unknown language is not an error: the engine detects it (and reports "other" when it is neither).
  const lang = o.lang === 'sv' || o.lang === 'en' ? o.lang : undefined;
  return { item: lang ? { id: o.id, text: o.text, lang } : { id: o.id, text: o.text } };
}

/**
 * The `vakt score --jsonl` contract: reads `{"id","text","lang"?}` lines from `input` until EOF and writes one
 * result line per valid input line to `output`, in input order. A malformed line gets `line N: <reason>` on
 * `errors` and the run goes on; blank lines are skipped silently. Lines arriving together are scored in batches
 * (up to `batchSize`), a lone line is flushed at once, so interactive use is not delayed. Output backpressure
 * pauses reading. Resolves when everything read has been written.
 */
export async function scoreJsonl(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  errors: NodeJS.WritableStream,
  score: BatchScorer = lexiconScorer,
  batchSize = 256,
): Promise<JsonlSummary> {
  const summary: JsonlSummary = { lines: 0, scored: 0, failed: 0 };
  const rl = createInterface({ input, crlfDelay: Infinity });
  let pending: Array<{ n: number; item: ScoreItem }> = [];
  let chain: Promise<void> = Promise.resolve();
  let scheduled = false;

  const write = (s: string): Promise<void> | undefined => {
    if (output.write(s)) return undefined;
    rl.pause();
    return new Promise((res) =>
      output.once('drain', () => {
        rl.resume();
        res();
      }),
    );
  };
  const fail = (n: number, reason: string): void => {
    summary.failed++;
    errors.write(`vakt score: line ${n}: ${reason}\n`);
  };
  const runBatch = async (batch: Array<{ n: number; item: ScoreItem }>): Promise<void> => {
    if (!batch.length) return;
    let results: readonly ScoreResult[];
    try {
      results = await score(batch.map((b) => b.item));
      if (results.length !== batch.length) throw new Error('scorer returned a different number of results');
    } catch {
      for (const b of batch) fail(b.n, 'VAKT_SCORING_FAILED: the scorer failed on this batch; the line was skipped');
      return;
    }
    for (const r of results) {
      summary.scored++;
      await write(JSON.stringify(r) + '\n');
    }
  };
  const flush = (): void => {
    scheduled = false;
    const batch = pending;
    pending = [];
    chain = chain.then(() => runBatch(batch));
  };

  rl.on('line', (line) => {
    const n = ++summary.lines;
    if (!line.trim()) return;
    const parsed = parseItem(line);
    if ('error' in parsed) {
      // Queued behind earlier lines so stderr and stdout stay in input order relative to each other.
      if (pending.length) flush();
      chain = chain.then(() => fail(n, parsed.error));
      return;
    }
    pending.push({ n, item: parsed.item });
    if (pending.length >= batchSize) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
  await new Promise<void>((res) => rl.once('close', () => res()));
  flush();
  await chain;
  return summary;
}

/** Replaces control characters so a token cannot move the terminal cursor or inject escape sequences. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '�');
}

/**
 * The `vakt explain "text"` table: a header with label, score, confidence and language, then one row per token
 * that carries sentiment or was changed by a rule, with valence, contribution and the rules, and the sum.
 */
export function explainTable(a: Analysis): string {
  const rows = a.tokens.filter((t) => t.valence !== 0 || t.contribution !== 0 || t.rules.length > 0);
  const head = `label ${a.label}  score ${a.score.toFixed(3)}  raw ${a.raw.toFixed(3)}  confidence ${a.confidence.toFixed(2)}  lang ${langName(a.lang)}`;
  if (!rows.length) return `${head}\n(no token carries sentiment)\n`;
  const cells = rows.map((t) => [
    printable(t.text).slice(0, 30) + (t.lemma ? ` (${printable(t.lemma).slice(0, 20)})` : ''),
    fmt(t.valence),
    fmt(t.contribution),
    t.rules.join('; '),
  ]);
  const header = ['token', 'valence', 'contrib', 'rules'];
  const widths = [0, 1, 2].map((i) => Math.max(header[i]!.length, ...cells.map((c) => [...c[i]!].length)));
  const line = (c: string[]): string =>
    `${pad(c[0]!, widths[0]!)}  ${pad(c[1]!, widths[1]!, true)}  ${pad(c[2]!, widths[2]!, true)}  ${c[3]}`.trimEnd();
  const sep = '-'.repeat(widths[0]! + widths[1]! + widths[2]! + 12);
  const total = ['sum = raw', '', fmt(a.tokens.reduce((s, t) => s + t.contribution, 0)), ''];
  return [head, line(header), sep, ...cells.map(line), sep, line(total)].join('\n') + '\n';
}

const fmt = (x: number): string => (x === 0 ? '0' : (x > 0 ? '+' : '') + x.toFixed(2));
function pad(s: string, w: number, right = false): string {
  const n = w - [...s].length;
  return n <= 0 ? s : right ? ' '.repeat(n) + s : s + ' '.repeat(n);
}
function langName(l: Lang): string {
  return l === 'sv' ? 'sv (Swedish)' : l === 'en' ? 'en (English)' : 'other (scored conservatively)';
}
