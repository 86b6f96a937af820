#!/usr/bin/env node
// Throughput and latency of the bus (not a test): produce N records in batches, consume them in one group with
// commit-after-resolve, print records/s and produce→handler latency percentiles. Runs on the built output:
//   pnpm --filter @vakt/bus --filter @vakt/test-fixtures build && node packages/bus/scripts/bench.mjs [all|memory|kafka] [N] [RATE]
// RATE (records/s) paces the producer: without it the figures are capacity (latency then measures queueing).
import { createMemoryBus } from '../dist/memory.js';
import { createKafkaBus } from '../dist/kafka.js';
import { silentLogger } from '../dist/logger.js';

const which = process.argv[2] ?? 'all';
const rate = Number(process.argv[4] ?? 0);
const payload = JSON.stringify({ id: 'x'.repeat(16), text: 'y'.repeat(240), lang: 'sv', source: 'bench' });

async function run(name, bus, n, batch, topic) {
  const consumer = await bus.consumer({
    groupId: `bench-${Date.now()}`,
    topics: [topic],
    maxBatchSize: 500,
    partitionsConsumedConcurrently: 3,
  });
  const latencies = [];
  let received = 0;
  let done;
  const finished = new Promise((r) => (done = r));
  await consumer.run(async (records) => {
    const now = Date.now();
    for (const r of records) latencies.push(now - Number(r.headers.sentAt));
    received += records.length;
    if (received >= n) done();
  });
  const producer = await bus.producer();
  const start = Date.now();
  const inFlight = new Set();
  for (let i = 0; i < n; i += batch) {
    if (rate > 0) {
      const due = start + (i / rate) * 1000;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
    const sentAt = String(Date.now());
    const records = Array.from({ length: Math.min(batch, n - i) }, (_, j) => ({
      key: `k${(i + j) % 997}`,
      value: payload,
      headers: { sentAt },
    }));
    const p = producer.send(topic, records).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 4) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const produced = Date.now();
  await finished;
  const end = Date.now();
  latencies.sort((a, b) => a - b);
  const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  console.log(
    JSON.stringify({
      bus: name,
      records: n,
      batch,
      pacedAt: rate || 'max',
      produceRate: Math.round(n / ((produced - start) / 1000)),
      endToEndRate: Math.round(n / ((end - start) / 1000)),
      p50Ms: pct(0.5),
      p99Ms: pct(0.99),
      rssMB: Math.round(process.memoryUsage().rss / 1e6),
    }),
  );
  await consumer.stop();
  await producer.close();
}

if (which === 'all' || which === 'memory') {
  const n = Number(process.argv[3] ?? 500_000);
  const bus = createMemoryBus({ partitions: 6, maxBacklogPerTopic: 20_000 });
  await run('memory', bus, n, 500, 'bench');
  await bus.close();
}
if (which === 'all' || which === 'kafka') {
  const { startKafkaMock } = await import('@vakt/test-fixtures/kafka');
  const n = Number(process.argv[3] ?? 100_000);
  const mock = await startKafkaMock({ brokers: 3, topics: [{ name: 'bench', partitions: 6 }] });
  const maxWaitTimeMs = Number(process.env.BENCH_MAX_WAIT_MS ?? 100);
  const bus = createKafkaBus({
    brokers: mock.brokers,
    clientId: 'bench',
    logger: silentLogger,
    logLevel: 'silent',
    session: { maxWaitTimeMs },
  });
  try {
    await run('kafka (librdkafka mock, 3 brokers)', bus, n, 500, 'bench');
  } finally {
    await bus.close();
    await mock.stop();
  }
}
