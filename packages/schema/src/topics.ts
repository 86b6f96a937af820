/**
 * Kafka topics and why they are keyed the way they are.
 *
 * - raw and scored mentions are keyed `${source}:${id}`: all versions of one mention hit one partition in order,
 *   and scorers scale by partition. Per-watch order is not needed there: rollups are commutative counts.
 * - alerts are keyed by fingerprint: firing → resolved for one alert stay ordered for every consumer.
 * - the DLQ is keyed like its origin so a replay preserves order.
 */
export const TOPICS = {
  raw: 'vakt.mentions.raw',
  scored: 'vakt.mentions.scored',
  alerts: 'vakt.alerts',
  dlq: 'vakt.dlq',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];
