import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import { parseQuery, type QueryNode } from './query-parser.js';
import { slugify, uniqueId } from './slug.js';
import { watchSchemaValidator, type Watch } from './watch.js';

/** A watch with its queries parsed. */
export interface ParsedWatch {
  readonly watch: Watch;
  readonly query: QueryNode;
  readonly exclude: QueryNode | null;
  readonly entities: ReadonlyArray<{ readonly name: string; readonly query: QueryNode }>;
}

/** Parses every query of a structurally valid watch; throws VAKT_QUERY_PARSE naming the field. */
export function parseWatch(watch: Watch): ParsedWatch {
  return {
    watch,
    query: parseQuery(watch.query, `watch "${watch.name}" query`),
    exclude: watch.exclude === undefined ? null : parseQuery(watch.exclude, `watch "${watch.name}" exclude`),
    entities: watch.entities.map((e) => ({
      name: e.name,
      query: parseQuery(e.query, `watch "${watch.name}" entity "${e.name}" query`),
    })),
  };
}

/**
 * Full validation of untrusted input (API body, config file entry): schema, then every query, then
 * cross-field rules. Never throws for bad input.
 */
export function validateWatch(value: unknown): Result<Watch> {
  // `owners` and `entities` may be left out of a file or body: a watch of one name needs neither.
  const filled =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? { owners: [], entities: [], ...value }
      : value;
  const checked = watchSchemaValidator.check(filled);
  if (!checked.ok) return checked;
  const watch: Watch = { ...checked.value, id: checked.value.id ?? slugify(checked.value.name) };
  const seen = new Set<string>();
  for (const e of watch.entities) {
    if (seen.has(e.name)) {
      return err(
        new VaktError(
          'VAKT_CONFIG_INVALID',
          `watch "${watch.name}": entity name "${e.name}" is used twice; entity names must be unique`,
          {
            context: { watch: watch.name, entity: e.name },
          },
        ),
      );
    }
    seen.add(e.name);
  }
  try {
    parseWatch(watch);
  } catch (e) {
    if (e instanceof VaktError) return err(e);
    throw e;
  }
  return ok(watch);
}

/**
 * Validates a list and checks that watch names and given ids are unique. Two names that give the same id
 * ("Skatteverket", "skatteverket!") get `-2`, `-3`, … in list order; a given id that is taken is an error.
 */
export function validateWatches(values: readonly unknown[]): Result<Watch[]> {
  const out: Watch[] = [];
  const names = new Set<string>();
  const ids = new Set<string>();
  const given = new Set(
    values.flatMap((v) => (typeof (v as { id?: unknown } | null)?.id === 'string' ? [(v as { id: string }).id] : [])),
  );
  for (const [i, v] of values.entries()) {
    const r = validateWatch(v);
    if (!r.ok) {
      r.error.context['index'] = i;
      return r;
    }
    if (names.has(r.value.name)) {
      return err(
        new VaktError(
          'VAKT_CONFIG_INVALID',
          `watch name "${r.value.name}" appears twice (entry ${i}); names must be unique`,
          {
            context: { watch: r.value.name, index: i },
          },
        ),
      );
    }
    names.add(r.value.name);
    const explicit = typeof (v as { id?: unknown }).id === 'string';
    if (explicit && ids.has(r.value.id!)) {
      return err(
        new VaktError(
          'VAKT_CONFIG_INVALID',
          `watch id "${r.value.id}" appears twice (entry ${i}); ids must be unique`,
          { context: { watch: r.value.id!, index: i } },
        ),
      );
    }
    const id = explicit ? r.value.id! : uniqueId(r.value.id!, (x) => ids.has(x) || given.has(x));
    ids.add(id);
    out.push({ ...r.value, id });
  }
  return ok(out);
}
