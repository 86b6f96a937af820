import { readFile } from 'node:fs/promises';
import { isMap, isSeq, parseDocument } from 'yaml';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, type Result } from '@vakt/errors/result';
import { validateWatches } from './compile-watch.js';
import type { Watch } from './watch.js';

/**
 * Configuration as code: a YAML or JSON document that is either a list of watches or `{ watches: [...] }`.
 * Every watch is validated (schema, queries, unique names); the first error is returned with its entry index.
 */
export function parseWatchesDocument(text: string, format: 'yaml' | 'json', source = 'watches file'): Result<Watch[]> {
  let doc: unknown;
  // Where each entry starts (YAML only), so an invalid watch is named by its line in the file.
  let entryLines: number[] = [];
  try {
    if (format === 'json') doc = JSON.parse(text);
    else {
      const parsed = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
      if (parsed.errors.length > 0) throw parsed.errors[0];
      doc = parsed.toJS();
      const root = parsed.contents;
      const seq = isSeq(root) ? root : isMap(root) ? root.get('watches', true) : undefined;
      if (isSeq(seq))
        entryLines = seq.items.map((item) =>
          lineOf(text, (item as { range?: [number, number, number] }).range?.[0] ?? -1),
        );
    }
  } catch (cause) {
    const linePos = (cause as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    return err(
      new VaktError(
        'VAKT_CONFIG_INVALID',
        `${source} is not valid ${format.toUpperCase()}: ${(cause as Error).message}`,
        {
          cause,
          context: { source, ...(linePos ? { line: linePos.line, col: linePos.col } : {}) },
        },
      ),
    );
  }
  const list = Array.isArray(doc) ? doc : (doc as { watches?: unknown } | null)?.watches;
  if (!Array.isArray(list)) {
    return err(
      new VaktError('VAKT_CONFIG_INVALID', `${source}: expected a list of watches or an object with a "watches" list`, {
        context: { source },
      }),
    );
  }
  if (!Array.isArray(doc) && Object.keys(doc as object).some((k) => k !== 'watches')) {
    return err(
      new VaktError('VAKT_CONFIG_INVALID', `${source}: unknown top-level key; only "watches" is allowed`, {
        context: { source },
      }),
    );
  }
  const r = validateWatches(list);
  if (r.ok) return r;
  // The file is configuration, not a wire message: whatever the check was (schema, query, duplicate), it is a
  // configuration error naming the file, the entry and its line, and the process does not start.
  const index = typeof r.error.context['index'] === 'number' ? r.error.context['index'] : undefined;
  const line =
    index !== undefined && entryLines[index] !== undefined && entryLines[index] > 0 ? entryLines[index] : undefined;
  const name = index !== undefined ? (list[index] as { name?: unknown } | null)?.name : undefined;
  const where =
    index === undefined
      ? ''
      : ` watch ${index + 1}${typeof name === 'string' ? ` ("${name}")` : ''}${line ? ` at line ${line}` : ''}`;
  return err(
    new VaktError('VAKT_CONFIG_INVALID', `${source}:${where}: ${r.error.message}`, {
      cause: r.error,
      context: { ...r.error.context, source, ...(line ? { entryLine: line } : {}) },
    }),
  );
}

/** 1-based line of a character offset; 0 when unknown. */
function lineOf(text: string, offset: number): number {
  if (offset < 0) return 0;
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Reads a `.yaml`/`.yml`/`.json` file of watches. */
export async function loadWatchesFile(path: string): Promise<Result<Watch[]>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    return err(
      new VaktError('VAKT_CONFIG_INVALID', `cannot read watches file ${path}: ${(cause as Error).message}`, {
        cause,
        context: { path },
      }),
    );
  }
  return parseWatchesDocument(text, /\.json$/i.test(path) ? 'json' : 'yaml', path);
}
