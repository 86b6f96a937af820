import kafkajs from 'kafkajs';
import { describe, expect, test } from 'vitest';
import { VaktError } from '@vakt/errors/vakt-error';
import { isMissingController, toBusError } from '../src/kafka-errors.js';

const { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSBrokerNotFound } = kafkajs;

describe('toBusError', () => {
  test.each([
    // A refused connection means no broker: UNAVAILABLE, whatever the caller's fallback.
    {
      name: 'connection refused',
      err: new KafkaJSConnectionError('connect ECONNREFUSED'),
      code: 'VAKT_KAFKA_UNAVAILABLE',
    },
    // kafkajs wraps the last attempt in NumberOfRetriesExceeded: the cause decides.
    {
      name: 'retries over a connection error',
      err: new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('x'), { retryCount: 5, retryTime: 100 }),
      code: 'VAKT_KAFKA_UNAVAILABLE',
    },
    // A broker answering with an error refused the request: the fallback code.
    { name: 'protocol error', err: new KafkaJSProtocolError('MESSAGE_TOO_LARGE'), code: 'VAKT_KAFKA_PRODUCE' },
    {
      name: 'retries over a protocol error',
      err: new KafkaJSNumberOfRetriesExceeded(new KafkaJSProtocolError('NOT_ENOUGH_REPLICAS'), {
        retryCount: 5,
        retryTime: 100,
      }),
      code: 'VAKT_KAFKA_PRODUCE',
    },
    // Something that is not a kafkajs error still becomes a VaktError, never escapes raw.
    { name: 'plain error', err: new Error('boom'), code: 'VAKT_KAFKA_PRODUCE' },
    { name: 'a string', err: 'weird', code: 'VAKT_KAFKA_PRODUCE' },
  ])('$name → $code, retriable', ({ err, code }) => {
    const mapped = toBusError(err, 'VAKT_KAFKA_PRODUCE', 'producing to t');
    expect(mapped).toBeInstanceOf(VaktError);
    expect(mapped.code).toBe(code);
    expect(mapped.retriable).toBe(true);
    expect(JSON.stringify(mapped)).not.toContain('"cause"'); // the cause stays out of JSON logs
  });

  test('a VaktError passes through unchanged', () => {
    const original = new VaktError('VAKT_KAFKA_UNAVAILABLE', 'x');
    expect(toBusError(original, 'VAKT_KAFKA_PRODUCE', 'y')).toBe(original);
  });
});

describe('isMissingController', () => {
  test.each([
    // The librdkafka mock's controller id 0.
    { err: new KafkaJSBrokerNotFound('Broker 0 not found in the cached metadata'), expected: true },
    // Another missing broker is a real problem, not the mock's quirk.
    { err: new KafkaJSBrokerNotFound('Broker 3 not found in the cached metadata'), expected: false },
    { err: new KafkaJSConnectionError('Broker 0 not found'), expected: false },
  ])('$err.message ($err.name) → $expected', ({ err, expected }) => {
    expect(isMissingController(err)).toBe(expected);
  });
});
