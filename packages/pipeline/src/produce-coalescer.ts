import type { BusProducer, OutgoingRecord } from '@vakt/bus/types';

/**
 * Coalesces concurrent sends to one topic into one produce call per `lingerMs` (as Kafka clients' `linger.ms`):
 * many small HTTP requests become few large record batches, which is what brokers and consumers are fastest with.
 * Every caller gets the outcome of the produce its records were in: resolved when durable, or the error.
 */
export class ProduceCoalescer {
  private pending: Array<{ records: OutgoingRecord[]; resolve: () => void; reject: (e: unknown) => void }> = [];
  private pendingCount = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly producer: BusProducer,
    private readonly topic: string,
    private readonly opts: { lingerMs?: number; maxRecords?: number } = {},
  ) {}

  send(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      this.pendingCount += records.length;
      if (this.pendingCount >= (this.opts.maxRecords ?? 5_000)) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.opts.lingerMs ?? 5);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.pendingCount = 0;
    if (batch.length === 0) return;
    this.producer
      .send(
        this.topic,
        batch.flatMap((b) => b.records),
      )
      .then(
        () => {
          for (const b of batch) b.resolve();
        },
        (e: unknown) => {
          for (const b of batch) b.reject(e);
        },
      );
  }
}

/**
 * A BusProducer whose sends to each topic go through a ProduceCoalescer: the scorer's handlers for several
 * partitions of one fetch then share one produce request (and the next hop gets larger record batches).
 */
export function coalescingProducer(
  producer: BusProducer,
  opts: { lingerMs?: number; maxRecords?: number } = {},
): BusProducer {
  const byTopic = new Map<string, ProduceCoalescer>();
  return {
    send(topic, records) {
      let coalescer = byTopic.get(topic);
      if (!coalescer) byTopic.set(topic, (coalescer = new ProduceCoalescer(producer, topic, opts)));
      return coalescer.send(records);
    },
    close: () => producer.close(),
  };
}
