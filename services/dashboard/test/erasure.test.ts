import { describe, expect, it } from 'vitest';
import { err, ok } from '@vakt/errors/result';
import { VaktError } from '@vakt/errors/vakt-error';
import type { ErasureReport } from '@vakt/store/privacy';
import { eraseEverywhere } from '../src/erasure.js';

// Issue 16 item 6: the dashboard's erasure deleted from ClickHouse only; the alerter kept the author's mentions in its
// alerts and delivery log. eraseEverywhere hands the alerter what the store reports it erased.
const report: ErasureReport = {
  deleted: { mentions: 3, label_corrections: 0, dead_letters: 1 },
  forget: { keys: ['x:v1', 'x:v2'], authors: ['anna_s'] },
};

describe('eraseEverywhere', () => {
  it('erases in the store, then in the alerter with the keys and handles the store reported', async () => {
    const sent: unknown[] = [];
    const p = eraseEverywhere(async () => ok(report), {
      eraseMentions: async (req) => {
        sent.push(req);
        return { alerts: 2, deliveries: 5 };
      },
    });
    const r = await p.eraseAuthor({ handle: 'anna_s' });
    expect(sent).toEqual([{ keys: ['x:v1', 'x:v2'], authors: ['anna_s'] }]);
    expect(r.ok && r.value.deleted).toEqual({
      mentions: 3,
      label_corrections: 0,
      dead_letters: 1,
      alerter_alerts: 2,
      alerter_deliveries: 5,
    });
  });

  it('does not call the alerter when the store failed, and answers a retriable error naming the alerter when it fails', async () => {
    let called = false;
    const failingStore = eraseEverywhere(
      async () => err(new VaktError('VAKT_CLICKHOUSE_UNAVAILABLE', 'down', { retriable: true })),
      {
        eraseMentions: async () => {
          called = true;
          return { alerts: 0, deliveries: 0 };
        },
      },
    );
    const r1 = await failingStore.eraseAuthor({ authorId: '1' });
    expect(!r1.ok && r1.error.code).toBe('VAKT_CLICKHOUSE_UNAVAILABLE');
    expect(called).toBe(false);
    const failingAlerter = eraseEverywhere(async () => ok(report), {
      eraseMentions: async () => {
        throw new VaktError('VAKT_INTERNAL', 'the alerter is unreachable', { retriable: true });
      },
    });
    const r2 = await failingAlerter.eraseAuthor({ authorId: '1' });
    expect(!r2.ok && { retriable: r2.error.retriable, message: r2.error.message }).toEqual({
      retriable: true,
      message: expect.stringMatching(/erased from ClickHouse, but the alerter's copies could not be erased.*ask again/),
    });
  });

  it('is the store erasure alone without an alerter', async () => {
    const r = await eraseEverywhere(async () => ok(report), undefined).eraseAuthor({ handle: 'anna_s' });
    expect(r.ok && r.value.deleted).toEqual(report.deleted);
  });
});
