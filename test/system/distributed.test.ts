import { describe, expect } from 'vitest';
import { mentions, postMentions, test, type Pipeline } from './pipeline-fixture.js';
import { waitFor } from './processes.js';

const N = 10_000;

async function counts(p: Pipeline): Promise<{ distinct: number; rowsFinal: number; labelled: number }> {
  const [r] = await p.query<{ distinct: string; rowsFinal: string; labelled: string }>(
    `SELECT uniqExact(id) AS distinct, count() AS rowsFinal, countIf(label IN ('negative','neutral','positive')) AS labelled FROM vakt.mentions FINAL WHERE watch = '${p.watch}'`,
  );
  return { distinct: Number(r!.distinct), rowsFinal: Number(r!.rowsFinal), labelled: Number(r!.labelled) };
}

/** Exactly once: distinct ids, rows with FINAL, and rows after OPTIMIZE … FINAL all equal n, each labelled. */
async function expectExactlyOnce(p: Pipeline, n: number): Promise<void> {
  await waitFor(
    'all mentions in ClickHouse',
    () => counts(p),
    (c) => c.distinct >= n,
    180_000,
  );
  // Let any straggling duplicate insert (redelivered after a kill) land before judging.
  await new Promise((r) => setTimeout(r, 2_000));
  expect(await counts(p)).toEqual({ distinct: n, rowsFinal: n, labelled: n });
  await p.query('OPTIMIZE TABLE vakt.mentions FINAL');
  const [after] = await p.query<{ n: string }>(`SELECT count() AS n FROM vakt.mentions WHERE watch = '${p.watch}'`);
  expect(Number(after!.n)).toBe(n);
}

describe('distributed pipeline: each service its own process, over the Kafka protocol and clickhouse-server', () => {
  test('10,000 mentions through POST /v1/mentions land exactly once, with label and score; all five services run as processes', async ({
    pipeline: p,
  }) => {
    const ingest = await p.start('ingest');
    await p.start('scorer');
    await p.start('sink');
    const alerter = await p.start('alerter');
    const dashboard = await p.start('dashboard', {
      VAKT_ALERTER_URL: alerter.url,
      VAKT_ADMIN_PASSWORD: 'distributed-test-pw',
    });
    expect(await postMentions(ingest.url, mentions(p.watch, N))).toBe(N);
    await expectExactlyOnce(p, N);
    // The dashboard process reads the same ClickHouse and proxies alert actions to the alerter process.
    const login = await fetch(`${dashboard.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:8080' },
      body: JSON.stringify({ username: 'admin', password: 'distributed-test-pw' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const timeline = (await (
      await fetch(
        `${dashboard.url}/api/watches/${p.watch}/timeline?from=${Date.UTC(2026, 10, 23, 8)}&to=${Date.UTC(2026, 10, 23, 10)}&step=hour`,
        { headers: { cookie } },
      )
    ).json()) as { points: Array<{ total: number }> };
    expect(timeline.points.reduce((sum, x) => sum + x.total, 0)).toBe(N);
    expect((await fetch(`${dashboard.url}/api/alerts`, { headers: { cookie } })).status).toBe(200);
    const [scores] = await p.query<{ lo: number; hi: number }>(
      `SELECT min(score) AS lo, max(score) AS hi FROM vakt.mentions FINAL WHERE watch = '${p.watch}'`,
    );
    expect(scores!.lo).toBeGreaterThanOrEqual(-1);
    expect(scores!.hi).toBeLessThanOrEqual(1);
    expect(scores!.lo).toBeLessThan(0);
    expect(scores!.hi).toBeGreaterThan(0);
  });

  test('sink SIGKILLed mid-stream, then the scorer: still exactly 10,000, nothing lost, nothing doubled', async ({
    pipeline: p,
  }) => {
    const ingest = await p.start('ingest');
    const scorer = await p.start('scorer');
    const sink = await p.start('sink', { VAKT_SINK_MAX_ROWS: '500' });
    const sending = postMentions(ingest.url, mentions(p.watch, N), 250);
    // 1. Kill the sink once some rows are in, 2. restart it, 3. kill the scorer mid-stream, 4. restart it.
    await waitFor(
      'first rows',
      () => counts(p),
      (c) => c.distinct > 500,
    );
    await sink.kill('SIGKILL');
    await p.start('sink', { VAKT_SINK_MAX_ROWS: '500' }); // the fixture stops every process it started
    await waitFor(
      'more rows',
      () => counts(p),
      (c) => c.distinct > 3_000,
    );
    await scorer.kill('SIGKILL');
    await p.start('scorer');
    expect(await sending).toBe(N);
    await expectExactlyOnce(p, N);
  });

  test('two scorers in one group share the partitions; killing one moves its partitions to the other', async ({
    pipeline: p,
  }) => {
    const ingest = await p.start('ingest');
    const a = await p.start('scorer');
    const b = await p.start('scorer');
    await p.start('sink');
    await postMentions(ingest.url, mentions(p.watch, 2_000, 'first'));
    await waitFor(
      'first half',
      () => counts(p),
      (c) => c.distinct >= 2_000,
    );
    const receivedA = await a.metric('vakt_received_total', { stage: 'scorer' });
    const receivedB = await b.metric('vakt_received_total', { stage: 'scorer' });
    // Both members received records: the group split the partitions between them.
    expect(receivedA).toBeGreaterThan(0);
    expect(receivedB).toBeGreaterThan(0);
    await a.kill('SIGKILL');
    await postMentions(ingest.url, mentions(p.watch, 2_000, 'second'));
    await waitFor(
      'second half after the rebalance',
      () => counts(p),
      (c) => c.distinct >= 4_000,
      180_000,
    );
    // The survivor took over every partition: it scored (at least) all of the second half.
    expect((await b.metric('vakt_received_total', { stage: 'scorer' })) - receivedB).toBeGreaterThanOrEqual(2_000);
    await expectExactlyOnce(p, 4_000);
  });

  test('poison on vakt.mentions.raw lands in vakt.dlq with a reason; the pipeline keeps flowing', async ({
    pipeline: p,
  }) => {
    const ingest = await p.start('ingest');
    await p.start('scorer');
    await p.start('sink');
    const { createKafkaBus } = await import('@vakt/bus/kafka');
    const bus = createKafkaBus({ brokers: p.kafka.brokers, clientId: 'poison-test' });
    try {
      const producer = await bus.producer();
      const base = {
        schemaVersion: 1,
        source: 'systemtest',
        created_at: '2026-11-23T09:00:00Z',
        ingested_at: '2026-11-23T09:00:01Z',
        matches: [{ watch: p.watch, entities: [] }],
      };
      await producer.send('vakt.mentions.raw', [
        { key: 'poison:json', value: '{"this is": not json' },
        { key: 'poison:notext', value: JSON.stringify({ ...base, id: 'notext' }) },
        { key: 'poison:huge', value: JSON.stringify({ ...base, id: 'huge', text: 'x'.repeat(1_000_000) }) },
      ]);
      await producer.close();
      await postMentions(ingest.url, mentions(p.watch, 100));
      await waitFor(
        'valid mentions after the poison',
        () => counts(p),
        (c) => c.distinct >= 100,
      );
      const consumer = await bus.consumer({ groupId: `dlq-${p.watch}`, topics: ['vakt.dlq'], fromBeginning: true });
      const letters: Array<{ key: string | null; code: string; reason: string }> = [];
      await new Promise<void>((resolve) => {
        void consumer.run(async (records) => {
          for (const r of records) {
            const letter = JSON.parse(r.headers['vakt-dead-letter'] ?? '{}') as { code: string; reason: string };
            letters.push({ key: r.key, code: letter.code, reason: letter.reason });
          }
          if (letters.length >= 3) resolve();
        });
      });
      await consumer.stop();
      expect(letters.map((l) => l.key).sort()).toEqual(['poison:huge', 'poison:json', 'poison:notext']);
      expect(letters.find((l) => l.key === 'poison:json')!.reason).toMatch(/not valid JSON/);
      expect(letters.find((l) => l.key === 'poison:notext')!.reason).toMatch(/text/);
      expect(letters.find((l) => l.key === 'poison:huge')!.reason).toMatch(/\/text/);
      // The sink archives vakt.dlq into vakt.dead_letters: analysts and on-call query what was refused, and why.
      const archived = await waitFor(
        'dead letters archived in ClickHouse',
        () =>
          p.query<{ origin_key: string; stage: string; reason: string }>(
            "SELECT origin_key, stage, reason FROM vakt.dead_letters FINAL WHERE origin_key LIKE 'poison:%' ORDER BY origin_key",
          ),
        (rows) => rows.length >= 3,
      );
      expect(archived.map((r) => [r.origin_key, r.stage])).toEqual([
        ['poison:huge', 'scorer'],
        ['poison:json', 'scorer'],
        ['poison:notext', 'scorer'],
      ]);
      expect(archived.find((r) => r.origin_key === 'poison:json')!.reason).toMatch(/not valid JSON/);
    } finally {
      await bus.close();
    }
  });

  test('ClickHouse stopped for 30 s: the sink backs off and holds consumption, memory stays bounded, nothing is missing', async ({
    pipeline: p,
  }) => {
    const ingest = await p.start('ingest');
    await p.start('scorer');
    const sink = await p.start('sink', { VAKT_SINK_MAX_PENDING_ROWS: '2000' });
    await postMentions(ingest.url, mentions(p.watch, 1_000, 'before'));
    await waitFor(
      'rows before the outage',
      () => counts(p),
      (c) => c.distinct >= 1_000,
    );
    await p.clickhouse.pause();
    const outageStarted = Date.now();
    await postMentions(ingest.url, mentions(p.watch, 5_000, 'during'));
    let peakPending = 0;
    let peakRss = 0;
    while (Date.now() - outageStarted < 30_000) {
      peakRss = Math.max(peakRss, await sink.metric('process_resident_memory_bytes'));
      peakPending = Math.max(peakPending, await sink.metric('vakt_pending_rows', { stage: 'sink' }));
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(await sink.metric('vakt_retries_total', { stage: 'sink' })).toBeGreaterThan(0);
    // Consumption is held: the sink never holds more than its bound, whatever the backlog in Kafka.
    expect(peakPending).toBeLessThanOrEqual(2_000);
    expect(peakRss).toBeLessThan(400 * 1024 * 1024);
    await p.clickhouse.resume();
    await expectExactlyOnce(p, 6_000);
  });
});
