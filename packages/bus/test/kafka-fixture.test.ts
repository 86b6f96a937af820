import { startKafkaMock } from '@vakt/test-fixtures/kafka';
import { describe, expect, test } from 'vitest';

describe('startKafkaMock', { timeout: 30_000 }, () => {
  test('without librdkafka it throws an error that says what to install', async () => {
    const previous = process.env.VAKT_LIBRDKAFKA;
    process.env.VAKT_LIBRDKAFKA = '/nonexistent/librdkafka.so.1';
    try {
      await expect(startKafkaMock()).rejects.toThrow(/apt-get install -y librdkafka1/);
    } finally {
      if (previous === undefined) delete process.env.VAKT_LIBRDKAFKA;
      else process.env.VAKT_LIBRDKAFKA = previous;
    }
  });

  test('commands the cluster cannot do are refused with the reason, and stop is idempotent', async () => {
    const mock = await startKafkaMock({ brokers: 2, topics: [{ name: 'fixture-a', partitions: 2 }] });
    try {
      expect(mock.brokers).toHaveLength(2);
      await expect(mock.brokerDown(9)).rejects.toThrow(/broker_down 9/);
      await expect(mock.createTopic('bad name', 1)).rejects.toThrow(/invalid topic name/);
      await mock.createTopic('fixture-b', 3);
      await mock.brokerDown(2);
      await mock.brokerUp(2);
    } finally {
      await mock.stop();
      await mock.stop();
    }
    await expect(mock.createTopic('after-stop', 1)).rejects.toThrow(/exited/);
  });
});
