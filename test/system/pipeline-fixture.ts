import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { test as base } from 'vitest';
import { startKafkaMock, type KafkaMock } from '@vakt/test-fixtures/kafka';
import { startClickHouseServer, type ClickHouseServer } from '@vakt/test-fixtures/clickhouse';
import { startService, type ServiceProcess } from './processes.js';

export const PARTITIONS = 6;
const TOPICS = ['vakt.mentions.raw', 'vakt.mentions.scored', 'vakt.alerts', 'vakt.dlq'];

/** A distributed pipeline: the librdkafka mock cluster, a real clickhouse-server, and services as processes. */
export interface Pipeline {
  kafka: KafkaMock;
  clickhouse: ClickHouseServer;
  /** A watch unique to this test; every generated mention names it. */
  watch: string;
  env: Record<string, string>;
  start(
    name: 'ingest' | 'scorer' | 'sink' | 'alerter' | 'dashboard',
    extraEnv?: Record<string, string>,
  ): Promise<ServiceProcess>;
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

/**
 * A vitest fixture function: each test gets its own mock cluster of `brokers` brokers, ClickHouse server and data
 * dirs, and everything is stopped in `finally`. When librdkafka or clickhouse-server is missing, the fixture throws
 * with the apt command: never skips. The fault suite uses 3 brokers so partition leaders can move.
 */
export function pipelineFixture(brokers: number) {
  // vitest reads a fixture's dependencies from its first parameter, which must be a destructuring pattern.
  // eslint-disable-next-line no-empty-pattern
  return async ({}, use: (p: Pipeline) => Promise<void>): Promise<void> => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vakt-system-'));
    const processes: ServiceProcess[] = [];
    let kafka: KafkaMock | undefined;
    let clickhouse: ClickHouseServer | undefined;
    try {
      kafka = await startKafkaMock({
        brokers,
        topics: TOPICS.map((name) => ({ name, partitions: name === 'vakt.dlq' ? 1 : PARTITIONS })),
      });
      clickhouse = await startClickHouseServer();
      const watch = `w${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const watchesFile = join(dataDir, 'watches.yaml');
      writeFileSync(
        watchesFile,
        `- name: ${watch}\n  owners: [oncall@example.org]\n  query: "${watch}"\n  entities:\n    - name: appen\n      kind: touchpoint\n      query: appen\n`,
      );
      const env = {
        KAFKA_BROKERS: kafka.brokers.join(','),
        KAFKA_IDEMPOTENT: 'auto',
        KAFKA_PARTITIONS: String(PARTITIONS),
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        CLICKHOUSE_URL: clickhouse.url,
        VAKT_WATCHES_FILE: watchesFile,
      };
      const ch = clickhouse;
      const pipeline: Pipeline = {
        kafka,
        clickhouse,
        watch,
        env,
        async start(name, extraEnv = {}) {
          const svcDir = join(dataDir, `${name}-${processes.length}`);
          const p = await startService(name, { ...env, VAKT_DATA_DIR: svcDir, ...extraEnv });
          processes.push(p);
          return p;
        },
        async query<T>(sql: string): Promise<T[]> {
          const res = await fetch(`${ch.url}/?default_format=JSONEachRow`, { method: 'POST', body: sql });
          const text = await res.text();
          if (res.status !== 200) throw new Error(`ClickHouse ${res.status}: ${text.slice(0, 300)}`);
          return text
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as T);
        },
      };
      await use(pipeline);
    } finally {
      await Promise.all(processes.map((p) => p.kill('SIGTERM')));
      await kafka?.stop();
      await clickhouse?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
}

/** The system tests' fixture: one broker. */
export const test = base.extend<{ pipeline: Pipeline }>({ pipeline: pipelineFixture(1) });

/** `n` valid mentions naming the test's watch, mixed Swedish/English, positive/negative. */
export function mentions(watch: string, n: number, prefix = 'm'): object[] {
  const texts = [
    `${watch} appen ligger nere igen, helt oacceptabelt`,
    `Riktigt bra bemötande från ${watch} idag!`,
    `${watch} customer service was not helpful at all`,
    `Det är inte otrevligt att ringa ${watch}`,
  ];
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    source: 'systemtest',
    text: texts[i % texts.length],
    created_at: new Date(Date.UTC(2026, 10, 23, 9, 0, 0) + i * 10).toISOString(),
    author: { handle: `user${i % 97}`, followers: i % 1000 },
  }));
}

export async function postMentions(ingestUrl: string, items: object[], batch = 500): Promise<number> {
  let accepted = 0;
  for (let i = 0; i < items.length; i += batch) {
    const res = await fetch(`${ingestUrl}/v1/mentions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(items.slice(i, i + batch)),
    });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    accepted += ((await res.json()) as { accepted: number }).accepted;
  }
  return accepted;
}
