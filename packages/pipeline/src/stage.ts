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
