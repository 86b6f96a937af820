import type { BatchContext, BatchHandler, BusRecord } from '../src/types.js';

/** Polls `cond` until it holds; fails with `what` after `timeoutMs` (a liveness bound, not a speed assertion). */
export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Delivery {
  records: BusRecord[];
  ctx: BatchContext;
}

/** A handler that records every delivery and then runs `behaviour` (resolve by default). */
export function recorder(
  behaviour: (records: BusRecord[], ctx: BatchContext, call: number) => Promise<void> = async () => {},
) {
  const deliveries: Delivery[] = [];
  const handler: BatchHandler = async (records, ctx) => {
    deliveries.push({ records, ctx });
    await behaviour(records, ctx, deliveries.length);
  };
  const values = () => deliveries.flatMap((d) => d.records.map((r) => r.value.toString()));
  return { deliveries, handler, values };
}

export function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const msgs = (prefix: string, n: number, key: (i: number) => string | null = (i) => `k${i % 7}`) =>
  Array.from({ length: n }, (_, i) => ({ key: key(i), value: `${prefix}${i}` }));
