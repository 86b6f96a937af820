import { describe, expect } from 'vitest';
import { test, type Pipeline } from '../system/pipeline-fixture.js';
import { waitFor, type ServiceProcess } from '../system/processes.js';
import { lossAndDoubles, recordFigures, sleep, steadyStream, timeToVisible } from './harness.js';

// Kafka API keys and error codes (the protocol's numbers, as the mock cluster takes them).
const API = { Produce: 0, Fetch: 1, OffsetCommit: 8, Heartbeat: 12 } as const;
const ERR = {
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_FOR_PARTITION: 6,
  REQUEST_TIMED_OUT: 7,
  NOT_ENOUGH_REPLICAS: 19,
  REBALANCE_IN_PROGRESS: 27,
  NOT_COORDINATOR: 16,
} as const;

async function core(p: Pipeline): Promise<{ ingest: ServiceProcess; scorer: ServiceProcess; sink: ServiceProcess }> {
  return {
    ingest: await p.start('ingest'),
    scorer: await p.start('scorer'),
    sink: await p.start('sink', { VAKT_SINK_MAX_ROWS: '500' }),
  };
}

const flowing = (p: Pipeline, n: number) =>
  waitFor(
    'the stream to reach ClickHouse',
    () => p.query<{ n: string }>(`SELECT count() AS n FROM vakt.mentions WHERE watch = '${p.watch}'`),
    (r) => Number(r[0]?.n) >= n,
  );

describe('Kafka faults through the mock cluster fault API', () => {
  test('broker down for 10 s during a steady stream, then up: ingest refuses (client retries), nothing lost', async ({
    pipeline: p,
  }) => {
    const s = await core(p);
    const stream = steadyStream(() => s.ingest.url, p.watch, { prefix: 'bd' });
    await flowing(p, 500);
    await p.kafka.brokerDown(1);
    // While the only broker is down, ingest must not answer 202 (it could not make anything durable).
    const during = await fetch(`${s.ingest.url}/v1/mentions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { id: 'during-outage', source: 'faults', text: `${p.watch} x`, created_at: '2026-11-23T09:00:00Z' },
      ]),
      signal: AbortSignal.timeout(60_000),
    }).catch((e: Error) => e);
    const duringStatus = during instanceof Error ? `error: ${during.name}` : String(during.status);
    await sleep(10_000);
    const upAt = Date.now();
    await p.kafka.brokerUp(1);
    const recoveryMs = await timeToVisible(p, () => s.ingest.url, 'marker-broker');
    await sleep(3_000);
    const sent = await stream.stop();
    const { lost, doubled, missingSample } = await lossAndDoubles(p, sent.accepted);
    // "during-outage" may have been accepted after the broker came back (kafkajs retries inside the request).
    recordFigures({
      fault: 'kafka broker down 10 s',
      accepted: sent.accepted.length,
      lost,
      doubled,
      recoveryMs,
      answerDuringOutage: duringStatus,
      clientRetries: sent.failures,
      longestClientStallMs: sent.longestStallMs,
      upToMarkerMs: Date.now() - upAt,
    });
    expect(duringStatus).not.toBe('500');
    expect(missingSample).toEqual([]);
    expect(lost).toBe(0);
    expect(doubled).toBe(0);
  });

  test('injected request errors on Produce, Fetch, OffsetCommit and Heartbeat: retried, nothing lost', async ({
    pipeline: p,
  }) => {
    const s = await core(p);
    const stream = steadyStream(() => s.ingest.url, p.watch, { prefix: 're' });
    await flowing(p, 500);
    const injectedAt = Date.now();
    await p.kafka.pushRequestErrors(API.Produce, [
      ERR.NOT_LEADER_FOR_PARTITION,
      ERR.REQUEST_TIMED_OUT,
      ERR.NOT_ENOUGH_REPLICAS,
      ERR.LEADER_NOT_AVAILABLE,
      ERR.NOT_LEADER_FOR_PARTITION,
    ]);
    await p.kafka.pushRequestErrors(API.Fetch, [
      ERR.NOT_LEADER_FOR_PARTITION,
      ERR.REQUEST_TIMED_OUT,
      ERR.LEADER_NOT_AVAILABLE,
    ]);
    await p.kafka.pushRequestErrors(API.OffsetCommit, [
      ERR.REQUEST_TIMED_OUT,
      ERR.NOT_COORDINATOR,
      ERR.REBALANCE_IN_PROGRESS,
    ]);
    await p.kafka.pushRequestErrors(API.Heartbeat, [ERR.REBALANCE_IN_PROGRESS, ERR.NOT_COORDINATOR]);
    const recoveryMs = await timeToVisible(p, () => s.ingest.url, 'marker-errors');
    await sleep(5_000);
    const sent = await stream.stop();
    const { lost, doubled, missingSample } = await lossAndDoubles(p, sent.accepted);
    const retries = (await s.sink.metric('vakt_retries_total')) + (await s.scorer.metric('vakt_retries_total'));
    recordFigures({
      fault: 'kafka request errors (produce/fetch/commit/heartbeat)',
      accepted: sent.accepted.length,
      lost,
      doubled,
      recoveryMs,
      clientRetries: sent.failures,
      stageRetries: retries,
      injectToMarkerMs: Date.now() - injectedAt,
    });
    expect(missingSample).toEqual([]);
    expect(lost).toBe(0);
    expect(doubled).toBe(0);
    // Every process is still alive: an injected error never crashes a service.
    for (const svc of Object.values(s)) expect(svc.proc.exitCode, `${svc.name}\n${svc.logTail()}`).toBeNull();
  });
});

describe('ClickHouse server faults', () => {
  test('clickhouse-server killed (SIGKILL) for 15 s, then started on the same data: the sink retries, nothing lost', async ({
    pipeline: p,
  }) => {
    const s = await core(p);
    const stream = steadyStream(() => s.ingest.url, p.watch, { prefix: 'ch' });
    await flowing(p, 500);
    await p.clickhouse.kill();
    await sleep(15_000);
    const peakPending = await s.sink.metric('vakt_pending_rows', { stage: 'sink' });
    const upAt = Date.now();
    await p.clickhouse.resume();
    const startMs = Date.now() - upAt;
    const recoveryMs = await timeToVisible(p, () => s.ingest.url, 'marker-ch');
    await sleep(3_000);
    const sent = await stream.stop();
    const { lost, doubled, missingSample } = await lossAndDoubles(p, sent.accepted);
    recordFigures({
      fault: 'clickhouse-server SIGKILL 15 s + restart',
      accepted: sent.accepted.length,
      lost,
      doubled,
      recoveryMs,
      serverStartMs: startMs,
      sinkPendingRowsAtEnd: peakPending,
      sinkRetries: await s.sink.metric('vakt_retries_total', { stage: 'sink' }),
      clientRetries: sent.failures,
    });
    expect(missingSample).toEqual([]);
    expect(lost).toBe(0);
    expect(doubled).toBe(0);
    expect(s.sink.proc.exitCode, s.sink.logTail()).toBeNull();
  });
});
