import { test as base } from 'vitest';
import { pipelineFixture, type Pipeline } from '../system/pipeline-fixture.js';

/** Brokers of the cluster fixture: three, so every partition has a replica on each and a leader can move anywhere. */
export const BROKERS = 3;

/**
 * The distributed pipeline of `test/system/pipeline-fixture.ts` over a mock cluster of `BROKERS` brokers instead of
 * one (the system tests stay at one broker). Same contract: own broker, ClickHouse server, watch and data dirs per
 * test, all stopped in `finally`; a missing dependency throws, never skips.
 */
export const test = base.extend<{ cluster: Pipeline }>({ cluster: pipelineFixture(BROKERS) });
