import { composeSpec, type ConfigSpec } from '@vakt/config/spec';
import {
  clickhouseSettings,
  commonSettings,
  httpSettings,
  kafkaSettings,
  privacySettings,
} from '@vakt/runtime/settings';

export const sinkSettings = {
  sinkMaxRows: {
    env: 'VAKT_SINK_MAX_ROWS',
    flag: '--sink-max-rows',
    type: 'int',
    default: 5000,
    min: 1,
    description: 'Rows per ClickHouse insert at most.',
  },
  sinkMaxWaitMs: {
    env: 'VAKT_SINK_MAX_WAIT_MS',
    flag: '--sink-max-wait-ms',
    type: 'int',
    default: 200,
    min: 1,
    description:
      'Longest a row waits before an insert starts. Inserts run one after another and the consumer keeps fetching while one is in flight (offsets are committed when it is durable), so each insert carries everything that arrived meanwhile: fewer, larger inserts are far cheaper for ClickHouse (its materialized rollups run per insert).',
  },
  sinkMaxPendingRows: {
    env: 'VAKT_SINK_MAX_PENDING_ROWS',
    flag: '--sink-max-pending-rows',
    type: 'int',
    default: 50000,
    min: 1,
    description: 'Rows held in memory at most; consumption pauses above it.',
  },
} satisfies ConfigSpec;

/**
 * Everything `vakt service sink` reads. No data dir: the sink keeps no local state (offsets live in Kafka, rows in
 * ClickHouse), so it offers no --data-dir.
 */
export const sinkSpec = composeSpec(
  { logLevel: commonSettings.logLevel },
  httpSettings,
  kafkaSettings,
  clickhouseSettings,
  sinkSettings,
  { pseudonymiseAuthors: privacySettings.pseudonymiseAuthors, pseudonymSecret: privacySettings.pseudonymSecret },
);
