import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface ScoreItem { id: unknown; text: string; lang?: string }

/**
 * The `vakt score --jsonl` contract: lines `{"id","text","lang"?}` in, one output line per valid input line, in
 * input order, until EOF. A malformed line gets an error on stderr naming its line number and the run goes on.
 * Lines are scored in batches (the engine is fastest that way) but written in order.
 */
export async function scoreJsonl(
  input: Readable,
  output: Writable,
  errors: Writable,
  score: (items: ScoreItem[]) => Promise<object[]>,
  batchSize = 256,
): Promise<{ lines: number; scored: number; malformed: number }> {
  let lineNo = 0;
  let scored = 0;
  let malformed = 0;
  let batch: ScoreItem[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const results = await score(batch);
    const text = batch.map((item, i) => JSON.stringify({ id: item.id, ...results[i] })).join('\n');
    batch = [];
    if (!output.write(`${text}\n`)) await new Promise((r) => output.once('drain', r));
  };
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') continue;
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch (e) {
      malformed++;
      errors.write(`vakt score: line ${lineNo}: not valid JSON (${(e as Error).message})\n`);
      continue;
    }
    const o = item as { id?: unknown; text?: unknown; lang?: unknown };
    if (typeof o !== 'object' || o === null || typeof o.text !== 'string' || o.id === undefined || (o.lang !== undefined && typeof o.lang !== 'string')) {
      malformed++;
      errors.write(`vakt score: line ${lineNo}: expected {"id", "text": string, "lang"?: string}\n`);
      continue;
    }
    batch.push({ id: o.id, text: o.text, ...(typeof o.lang === 'string' ? { lang: o.lang } : {}) });
    scored++;
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { lines: lineNo, scored, malformed };
}

/** The explanation as a table: each token with sentiment or a rule, its valence, contribution and rules. */
export function explainTable(a: { label: string; score: number; confidence: number; lang: string; raw: number; tokens: Array<{ text: string; lemma?: string; valence: number; contribution: number; rules: string[] }> }): string {
  const rows = a.tokens.filter((t) => t.valence !== 0 || t.contribution !== 0 || t.rules.length > 0);
  const head = ['token', 'lemma', 'valence', 'contribution', 'rules'];
  const cells = rows.map((t) => [t.text, t.lemma ?? '', t.valence.toFixed(2), t.contribution.toFixed(3), t.rules.join(', ')]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    line(head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map(line),
    '',
    `label ${a.label}  score ${a.score.toFixed(3)}  raw ${a.raw.toFixed(3)}  confidence ${a.confidence.toFixed(2)}  lang ${a.lang}`,
  ].join('\n');
}
