import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { test as base } from 'vitest';
import { startKafkaMock, type KafkaMock } from '@vakt/test-fixtures/kafka';
import { startClickHouseServer, type ClickHouseServer } from '@vakt/test-fixtures/clickhouse';
import { PARTITIONS, type Pipeline } from '../system/pipeline-fixture.js';
import { startService, type ServiceProcess } from '../system/processes.js';

/** Brokers of the cluster fixture: three, so every partition has a replica on each and a leader can move anywhere. */
export const BROKERS = 3;
export const TOPICS = ['vakt.mentions.raw', 'vakt.mentions.scored', 'vakt.alerts', 'vakt.dlq'] as const;

/**
 * The distributed pipeline of `test/system/pipeline-fixture.ts` over a mock cluster of `BROKERS` brokers instead of
 * one (that fixture stays at one broker so the other suites are unchanged). Same contract: own broker, ClickHouse
 * server, watch and data dirs per test, all stopped in `finally`; a missing dependency throws, never skips.
 */
export const test = base.extend<{ cluster: Pipeline }>({
  cluster: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vakt-cluster-'));
    const processes: ServiceProcess[] = [];
    let kafka: KafkaMock | undefined;
    let clickhouse: ClickHouseServer | undefined;
    try {
      kafka = await startKafkaMock({ brokers: BROKERS, topics: TOPICS.map((name) => ({ name, partitions: name === 'vakt.dlq' ? 1 : PARTITIONS })) });
      clickhouse = await startClickHouseServer();
      const watch = `w${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const watchesFile = join(dataDir, 'watches.yaml');
      writeFileSync(watchesFile, `- name: ${watch}\n  owners: [oncall@example.org]\n  query: "${watch}"\n  entities: []\n`);
      const env = {
        KAFKA_BROKERS: kafka.brokers.join(','),
        KAFKA_IDEMPOTENT: 'auto',
        KAFKA_PARTITIONS: String(PARTITIONS),
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        CLICKHOUSE_URL: clickhouse.url,
        VAKT_WATCHES_FILE: watchesFile,
      };
      const ch = clickhouse;
      await use({
        kafka,
        clickhouse,
        watch,
        env,
        async start(name, extraEnv = {}) {
          const p = await startService(name, { ...env, VAKT_DATA_DIR: join(dataDir, `${name}-${processes.length}`), ...extraEnv });
          processes.push(p);
          return p;
        },
        async query<T>(sql: string): Promise<T[]> {
          const res = await fetch(`${ch.url}/?default_format=JSONEachRow`, { method: 'POST', body: sql });
          const text = await res.text();
          if (res.status !== 200) throw new Error(`ClickHouse ${res.status}: ${text.slice(0, 300)}`);
          return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
        },
      });
    } finally {
      await Promise.all(processes.map((p) => p.kill('SIGTERM')));
      await kafka?.stop();
      await clickhouse?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});
