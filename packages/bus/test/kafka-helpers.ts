import { randomUUID } from 'node:crypto';
import { createKafkaBus, type KafkaBusOptions } from '../src/kafka.js';
import { createStderrLogger, silentLogger } from '../src/logger.js';

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
