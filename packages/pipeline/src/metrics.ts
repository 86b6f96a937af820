import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The metrics every Vakt stage reports, on one registry per app (never the global one, so several apps can share a
 * process in `vakt up`). Labels are low-cardinality: stage, topic, error code, drop reason. Never user text.
 */
export interface PipelineMetrics {
  registry: Registry;
  received: Counter<'stage'>;
  produced: Counter<'stage' | 'topic'>;
  /** Every dropped mention: `intentional` says whether it was policy (no_watch) or failure; `reason` is a code. */
  dropped: Counter<'stage' | 'reason' | 'intentional'>;
  deadLettered: Counter<'stage' | 'code'>;
  retries: Counter<'stage' | 'code'>;
  batchSize: Histogram<'stage'>;
  latency: Histogram<'stage'>;
  lag: Gauge<'stage'>;
  paused: Gauge<'stage'>;
  /** Rows held in memory waiting for their write (bounded; see BatchingSink). */
  pending: Gauge<'stage'>;
}

export function createMetrics(prefix = 'vakt'): PipelineMetrics {
  const registry = new Registry();
  const registers = [registry];
  // Process metrics (resident memory, CPU, event-loop lag) make "memory stays bounded" observable in production.
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    received: new Counter({
      name: `${prefix}_received_total`,
      help: 'Records received by a stage',
      labelNames: ['stage'],
      registers,
    }),
    produced: new Counter({
      name: `${prefix}_produced_total`,
      help: 'Records made durable by a stage',
      labelNames: ['stage', 'topic'],
      registers,
    }),
    dropped: new Counter({
      name: `${prefix}_dropped_total`,
      help: 'Mentions dropped, by reason',
      labelNames: ['stage', 'reason', 'intentional'],
      registers,
    }),
    deadLettered: new Counter({
      name: `${prefix}_dead_lettered_total`,
      help: 'Records sent to the dead-letter topic',
      labelNames: ['stage', 'code'],
      registers,
    }),
    retries: new Counter({
      name: `${prefix}_retries_total`,
      help: 'Retried operations (not drops)',
      labelNames: ['stage', 'code'],
      registers,
    }),
    batchSize: new Histogram({
      name: `${prefix}_batch_size`,
      help: 'Records per batch',
      labelNames: ['stage'],
      buckets: [1, 10, 50, 100, 500, 1000, 5000, 20000],
      registers,
    }),
    latency: new Histogram({
      name: `${prefix}_latency_seconds`,
      help: 'Batch processing latency',
      labelNames: ['stage'],
      buckets: [0.001, 0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    }),
    lag: new Gauge({
      name: `${prefix}_consumer_lag`,
      help: 'Records behind the log end',
      labelNames: ['stage'],
      registers,
    }),
    paused: new Gauge({
      name: `${prefix}_consumer_paused`,
      help: '1 while the consumer is paused for backpressure',
      labelNames: ['stage'],
      registers,
    }),
    pending: new Gauge({
      name: `${prefix}_pending_rows`,
      help: 'Rows held in memory waiting to be written',
      labelNames: ['stage'],
      registers,
    }),
  };
}

/** A value a component already counts itself, exposed at scrape time. */
export interface ReadOnlyMetric {
  name: string;
  help: string;
  /** `counter` for monotonic totals (name ends in `_total`), `gauge` for levels. */
  type: 'counter' | 'gauge';
  read: () => number;
}

/**
 * Registers metrics whose values are read from their owner when Prometheus scrapes, for components that keep
 * their own counts (the alerter's fired/delivered totals) rather than incrementing prom-client objects.
 */
export function exposeReadOnly(metrics: PipelineMetrics, defs: readonly ReadOnlyMetric[]): void {
  const registers = [metrics.registry];
  for (const d of defs) {
    if (d.type === 'counter') {
      new Counter({
        name: d.name,
        help: d.help,
        registers,
        collect() {
          this.reset();
          this.inc(d.read());
        },
      });
    } else {
      new Gauge({
        name: d.name,
        help: d.help,
        registers,
        collect() {
          this.set(d.read());
        },
      });
    }
  }
}
