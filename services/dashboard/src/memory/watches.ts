import { VaktError } from '@vakt/errors/vakt-error';
import type { Watch, WatchInput, WatchRegistry } from '../deps.js';
import { slugify, uniqueId } from '@vakt/watch/slug';
import { compileQuery } from './query.js';

/** An in-memory WatchRegistry for embedded mode and tests; validates every query before storing. */
export function createMemoryWatches(now: () => number, initial: Watch[] = []): WatchRegistry {
  const watches = new Map(initial.map((w) => [w.id, w]));
  const validate = (input: WatchInput): void => {
    compileQuery(input.query);
    for (const e of input.entities) {
      try {
        compileQuery(e.query);
      } catch (err) {
        throw new VaktError('VAKT_QUERY_PARSE', `entity "${e.name}": ${(err as Error).message}`, { cause: err });
      }
    }
  };
  const need = (id: string): Watch => {
    const w = watches.get(id);
    if (!w) throw new VaktError('VAKT_NOT_FOUND', `watch ${id} does not exist`);
    return w;
  };
  return {
    list: async () => [...watches.values()].sort((a, b) => a.name.localeCompare(b.name)),
    get: async (id) => need(id),
    async create(input, by) {
      validate(input);
      // The same ids as the real registry: a given id must be free; a derived one gets -2, -3, … when taken.
      if ([...watches.values()].some((w) => w.name === input.name))
        throw new VaktError('VAKT_REQUEST_INVALID', `a watch named "${input.name}" exists; update it instead`);
      if (input.id !== undefined && watches.has(input.id))
        throw new VaktError('VAKT_REQUEST_INVALID', `a watch with id ${input.id} exists; pick another id`);
      const id = input.id ?? uniqueId(slugify(input.name), (x) => watches.has(x));
      const w: Watch = { ...input, id, updatedAt: new Date(now()).toISOString(), updatedBy: by };
      watches.set(id, w);
      return w;
    },
    async update(id, input, by) {
      need(id);
      validate(input);
      const w: Watch = { ...input, id, updatedAt: new Date(now()).toISOString(), updatedBy: by };
      watches.set(id, w);
      return w;
    },
    async remove(id) {
      need(id);
      watches.delete(id);
    },
    compile: compileQuery,
  };
}
