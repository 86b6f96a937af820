import { randomUUID } from 'node:crypto';
import { createKafkaBus, type KafkaBusOptions } from '../src/kafka.js';
import { createStderrLogger, silentLogger } from '../src/logger.js';
import { startKafkaMock, type KafkaMock } from '@vakt/test-fixtures/kafka';
import { afterAll, beforeAll } from 'vitest';
import type { MessageBus } from '../src/types.js';

/** Unique names per test (house style rule 18): tests share one mock cluster but never a topic or group. */
export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A bus tuned for tests: short backoffs and session timeouts so rebalances happen in seconds, not minutes. */
export function testBus(brokers: string[], extra: Partial<KafkaBusOptions> = {}) {
  return createKafkaBus({
    brokers,
    clientId: unique('bus-test'),
    logger: process.env.VAKT_TEST_LOGS ? createStderrLogger('debug') : silentLogger,
    logLevel: process.env.VAKT_TEST_LOGS === 'debug' ? 'debug' : process.env.VAKT_TEST_LOGS ? 'info' : 'silent',
    retry: { initialRetryTime: 100, retries: 10, maxRetryTime: 2_000 },
    redelivery: { initialMs: 20, maxMs: 200 },
    session: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 300, rebalanceTimeoutMs: 10_000, maxWaitTimeMs: 250 },
    ...extra,
  });
}

/**
 * One mock cluster for a test file: started before its tests, stopped (with every bus made through `bus`) after.
 * `topic(n)` creates a fresh topic through the mock's own API (kafkajs admin calls fail on the mock).
 */
export function kafkaSuite(brokers: number) {
  const suite = {
    mock: undefined as unknown as KafkaMock,
    buses: [] as MessageBus[],
    bus(extra?: Partial<KafkaBusOptions>): MessageBus {
      const b = testBus(suite.mock.brokers, extra);
      suite.buses.push(b);
      return b;
    },
    async topic(partitions: number): Promise<string> {
      const name = unique('t');
      await suite.mock.createTopic(name, partitions);
      return name;
    },
  };
  beforeAll(async () => {
    suite.mock = await startKafkaMock({ brokers });
  });
  afterAll(async () => {
    await Promise.all(suite.buses.map((b) => b.close()));
    await suite.mock?.stop();
  });
  return suite;
}
