import type { Result } from '@vakt/errors/result';

export interface StageContext {
  now: () => number;
}

/**
 * A pipeline stage: pure logic, no Kafka, ClickHouse or HTTP. It takes a batch (the scorer's model is fastest in
 * batches) and returns one Result per input, in order: `ok` with zero or more outputs, or the VaktError that makes
 * the caller dead-letter (non-retriable) or redeliver (retriable) that input. A stage never throws for bad input.
 */
export interface Stage<I, O> {
  readonly name: string;
  process(inputs: readonly I[], ctx: StageContext): Promise<Array<Result<O[]>>>;
}

/** Runs stages one after another; an input that fails in any stage keeps that stage's error. */
export function sequence<A, B, C>(first: Stage<A, B>, second: Stage<B, C>): Stage<A, C> {
  return {
    name: `${first.name}>${second.name}`,
    async process(inputs, ctx) {
      const firstResults = await first.process(inputs, ctx);
      const flat: B[] = [];
      const owners: number[] = [];
      firstResults.forEach((r, i) => {
        if (r.ok) for (const out of r.value) { flat.push(out); owners.push(i); }
      });
      const secondResults = await second.process(flat, ctx);
      const merged: Array<Result<C[]>> = firstResults.map((r) => (r.ok ? { ok: true, value: [] as C[] } : r));
      secondResults.forEach((r, j) => {
        const i = owners[j]!;
        const slot = merged[i]!;
        if (!slot.ok) return;
        if (r.ok) slot.value.push(...r.value);
        else merged[i] = r;
      });
      return merged;
    },
  };
}

/** Sends every input to every stage and concatenates their outputs; the first failure for an input wins. */
export function fanout<I, O>(stages: ReadonlyArray<Stage<I, O>>): Stage<I, O> {
  return {
    name: stages.map((s) => s.name).join('+'),
    async process(inputs, ctx) {
      const all = await Promise.all(stages.map((s) => s.process(inputs, ctx)));
      return inputs.map((_, i) => {
        const outs: O[] = [];
        for (const results of all) {
          const r = results[i]!;
          if (!r.ok) return r;
          outs.push(...r.value);
        }
        return { ok: true as const, value: outs };
      });
    },
  };
}
