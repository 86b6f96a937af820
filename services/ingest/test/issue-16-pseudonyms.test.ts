import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBus, type MemoryBus } from '@vakt/bus/memory';
import type { BusRecord } from '@vakt/bus/types';
import { createMetrics } from '@vakt/pipeline/metrics';
import { silentLogger } from '@vakt/pipeline/logger';
import { TOPICS } from '@vakt/schema/topics';
import { pseudonymiserFrom } from '@vakt/store/pseudonym-settings';
import { createIngestApp } from '../src/app.js';

// Issue 16 item 6: with pseudonymised authors, the alerts API, the live socket and the delivery log still carried
// clear handles, because only the sink's insert pseudonymised. Everything downstream reads `vakt.mentions.raw`, so
// what ingest produces there must already carry pseudonyms only.
const matcher = {
  // Matching may use the clear handle (a watch can follow an account): it runs before pseudonymisation.
  match: (m: { text: string; author?: { handle?: string } }) =>
    /kassan/i.test(m.text) || m.author?.handle === 'fk_press' ? [{ watch: 'fk', entities: [] }] : [],
  has: (w: string) => w === 'fk',
};
// The pseudonymiser `vakt up` and the services build from VAKT_PSEUDONYMISE_AUTHORS and VAKT_PSEUDONYM_SECRET.
const pseudonymise = (await pseudonymiserFrom({
  pseudonymiseAuthors: true,
  pseudonymSecret: 'issue-16-pseudonym-secret-0123456789',
}))!;

let bus: MemoryBus;
afterEach(async () => {
  await bus?.close();
});

async function rawRecords(n: number): Promise<BusRecord[]> {
  const consumer = await bus.consumer({ groupId: `t-${Math.random()}`, topics: [TOPICS.raw], fromBeginning: true });
  const got: BusRecord[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run(async (records) => {
      got.push(...records);
      if (got.length >= n) resolve();
    });
  });
  await consumer.stop();
  return got;
}

describe('pseudonymised authors leave ingest as pseudonyms only', () => {
  it('produces p: ids and handles, no display name and no URL; matching still saw the clear handle', async () => {
    bus = createMemoryBus({ partitions: 1 });
    const app = createIngestApp(
      {
        producer: await bus.producer(),
        matcher,
        metrics: createMetrics(),
        log: silentLogger(),
        now: () => Date.parse('2026-11-23T10:00:00Z'),
        pseudonymise,
      },
      { maxBodyBytes: 64 * 1024, apiTokens: [] },
    );
    const author = { id: '1234567', handle: 'anna_s', name: 'Anna Svensson', followers: 321 };
    const res = await app.fastify.inject({
      method: 'POST',
      url: '/v1/mentions',
      headers: { 'content-type': 'application/json' },
      payload: [
        {
          id: '1',
          source: 'x',
          text: 'Försäkringskassan svarar inte',
          created_at: '2026-11-23T09:00:00Z',
          url: 'https://x.example/anna_s/status/1',
          author,
        },
        {
          id: '2',
          source: 'x',
          text: 'Pressmeddelande',
          created_at: '2026-11-23T09:00:00Z',
          author: { handle: 'fk_press' },
        },
      ],
    });
    expect(res.json()).toMatchObject({ accepted: 2 });
    const records = await rawRecords(2);
    const raw = records.map((r) => r.value.toString('utf8')).join('\n');
    for (const clear of ['1234567', 'anna_s', 'Anna Svensson', 'fk_press']) expect(raw).not.toContain(clear);
    const [first, second] = records.map(
      (r) => JSON.parse(r.value.toString('utf8')) as { author?: object; url?: string; matches: unknown[] },
    );
    expect(first!.author).toEqual({
      id: pseudonymise('id', '1234567'),
      handle: pseudonymise('handle', 'anna_s'),
      followers: 321,
    });
    expect(first!.url).toBeUndefined();
    expect(second!.author).toEqual({ handle: pseudonymise('handle', 'fk_press') });
    expect(second!.matches).toEqual([{ watch: 'fk', entities: [] }]);
    await app.stop();
  });

  it('keeps the URL when the pseudonymiser says keepUrl, and changes nothing without a pseudonymiser', async () => {
    bus = createMemoryBus({ partitions: 1 });
    const keepUrl = Object.assign((kind: 'id' | 'handle', value: string) => pseudonymise(kind, value), {
      keepUrl: true,
    });
    const withUrl = createIngestApp(
      {
        producer: await bus.producer(),
        matcher,
        metrics: createMetrics(),
        log: silentLogger(),
        now: () => Date.parse('2026-11-23T10:00:00Z'),
        pseudonymise: keepUrl,
      },
      { maxBodyBytes: 64 * 1024, apiTokens: [] },
    );
    const clear = createIngestApp(
      {
        producer: await bus.producer(),
        matcher,
        metrics: createMetrics(),
        log: silentLogger(),
        now: () => Date.parse('2026-11-23T10:00:00Z'),
      },
      { maxBodyBytes: 64 * 1024, apiTokens: [] },
    );
    const m = (id: string) => ({
      id,
      source: 'x',
      text: 'Kassan',
      created_at: '2026-11-23T09:00:00Z',
      url: 'https://x.example/p/1',
      author: { handle: 'anna_s', name: 'Anna' },
    });
    await withUrl.submit([m('k')]);
    await clear.submit([m('c')]);
    const byId = Object.fromEntries(
      (await rawRecords(2)).map((r) => {
        const v = JSON.parse(r.value.toString('utf8')) as { id: string };
        return [v.id, v];
      }),
    );
    expect(byId['k']).toMatchObject({ url: 'https://x.example/p/1', author: { handle: keepUrl('handle', 'anna_s') } });
    expect(byId['c']).toMatchObject({ url: 'https://x.example/p/1', author: { handle: 'anna_s', name: 'Anna' } });
    await withUrl.stop();
    await clear.stop();
  });
});
