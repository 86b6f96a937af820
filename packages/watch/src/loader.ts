import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
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
  try {
    doc = format === 'json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (cause) {
    const linePos = (cause as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    return err(
      new VaktError('VAKT_CONFIG_INVALID', `${source} is not valid ${format.toUpperCase()}: ${(cause as Error).message}`, {
        cause,
        context: { source, ...(linePos ? { line: linePos.line, col: linePos.col } : {}) },
      }),
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
    return err(new VaktError('VAKT_CONFIG_INVALID', `${source}: unknown top-level key; only "watches" is allowed`, { context: { source } }));
  }
  const r = validateWatches(list);
  if (!r.ok) r.error.context['source'] = source;
  return r;
}

/** Reads a `.yaml`/`.yml`/`.json` file of watches. */
export async function loadWatchesFile(path: string): Promise<Result<Watch[]>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    return err(new VaktError('VAKT_CONFIG_INVALID', `cannot read watches file ${path}: ${(cause as Error).message}`, { cause, context: { path } }));
  }
  return parseWatchesDocument(text, /\.json$/i.test(path) ? 'json' : 'yaml', path);
}
