import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaktError } from '@vakt/errors/vakt-error';
import { buildApp, bearer, mention, T0, type Fixture } from './helpers.js';

describe('timeline, breakdown, surging terms and mention stream', () => {
  let f: Fixture;
  const get = (url: string) => f.app.fastify.inject({ url, headers: bearer(f.tokens.viewer) });
  beforeAll(async () => {
    f = await buildApp();
    // 3 negative in minute -2, 1 positive in minute -1; one mention for another watch that must never show up.
    for (let i = 0; i < 3; i++)
      f.store.add(mention({ created_at: new Date(T0 - 120_000 + i).toISOString(), source: 'x' }));
    f.store.add(
      mention({
        created_at: new Date(T0 - 60_000).toISOString(),
        source: 'rss',
        author: { followers: 90_000 },
        sentiment: { ...mention().sentiment, label: 'positive', score: 0.5, lang: 'en' },
      }),
    );
    f.store.add(mention({ created_at: new Date(T0 - 60_000).toISOString() }, 'other'));
  });
  afterAll(() => f.app.stop(1000));

  it('buckets per minute over the default range', async () => {
    const res = await get('/api/watches/kassan/timeline?step=minute');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.to).toBe(T0);
    expect(body.points).toEqual([
      { t: T0 - 120_000, total: 3, negative: 3, neutral: 0, positive: 0, avgScore: -0.6 },
      { t: T0 - 60_000, total: 1, negative: 0, neutral: 0, positive: 1, avgScore: 0.5 },
    ]);
  });

  it.each([
    ['/api/watches/kassan/timeline?step=second', 'querystring/step must be equal to one of the allowed values'],
    ['/api/watches/kassan/timeline?step=minute&from=10&to=5', 'from must be before'],
    ['/api/watches/kassan/timeline?step=minute&from=0&to=1000000000000', 'at most 2000 buckets'],
    ['/api/watches/kassan/timeline?step=hour&from=abc', 'querystring/from must be integer'],
    ['/api/watches/kassan/timeline?evil=1', 'must NOT have additional properties'],
    ['/api/watches/Kassan!/timeline', 'params/watch must match pattern'],
    ['/api/watches/kassan/breakdown', "must have required property 'by'"],
    ['/api/watches/kassan/breakdown?by=author', 'querystring/by must be equal to one of the allowed values'],
    ['/api/watches/kassan/breakdown?by=source&limit=1000', 'querystring/limit must be <= 100'],
    ['/api/mentions?label=angry', 'querystring/label must be equal to one of the allowed values'],
    ['/api/mentions?limit=0', 'querystring/limit must be >= 1'],
    ['/api/mentions?source=%3Cscript%3E', 'querystring/source must match pattern'],
    ['/api/mentions?from=10&to=10', 'from must be before'],
  ])('%s → 400 %s', async (url, message) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VAKT_REQUEST_INVALID');
    expect(res.json().error.message).toContain(message);
  });

  it.each([
    [
      'source',
      [
        { key: 'x', total: 3, negative: 3 },
        { key: 'rss', total: 1, negative: 0 },
      ],
    ],
    [
      'lang',
      [
        { key: 'sv', total: 3, negative: 3 },
        { key: 'en', total: 1, negative: 0 },
      ],
    ],
    ['entity', [{ key: 'faktura', total: 4, negative: 3 }]],
  ])('breakdown by %s', async (by, rows) => {
    const res = await get(`/api/watches/kassan/breakdown?by=${by}`);
    expect(res.json().rows).toEqual(rows);
  });

  it('mention stream filters and orders by newest or reach', async () => {
    const newest = (await get('/api/mentions?watch=kassan&limit=10')).json().mentions;
    expect(newest).toHaveLength(4);
    expect(newest[0].sentiment.label).toBe('positive');
    const negative = (await get('/api/mentions?watch=kassan&label=negative&order=reach')).json().mentions;
    expect(negative).toHaveLength(3);
    expect(negative.every((m: { sentiment: { label: string } }) => m.sentiment.label === 'negative')).toBe(true);
    const reach = (await get('/api/mentions?watch=kassan&order=reach&limit=1')).json().mentions;
    expect(reach[0].source).toBe('rss');
    expect((await get('/api/mentions?watch=kassan&source=rss')).json().mentions).toHaveLength(1);
    expect((await get('/api/mentions?watch=kassan&entity=faktura&lang=en')).json().mentions).toHaveLength(1);
    expect((await get('/api/mentions?watch=other')).json().mentions).toHaveLength(1);
  });

  it('surging terms need support in the window', async () => {
    const res = await get('/api/watches/kassan/surging?limit=5');
    const terms = res.json().terms.map((t: { term: string }) => t.term);
    expect(terms).toContain('fakturan');
  });

  it('an unexpected store failure is a 500 with a code and no internals; ClickHouse down is a 503', async () => {
    const broken = await buildApp();
    broken.store.timeline = async () => {
      throw Object.assign(new Error('Code: 60. DB::Exception: table raw_mentions_v1 has row "secret text"'), {
        name: 'ClickHouseError',
      });
    };
    const res = await broken.app.fastify.inject({
      url: '/api/watches/kassan/timeline',
      headers: bearer(broken.tokens.viewer),
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret text');
    expect(JSON.stringify(broken.log.lines)).not.toContain('secret text');
    broken.store.timeline = async () => {
      throw new VaktError('VAKT_CLICKHOUSE_UNAVAILABLE', 'ClickHouse is unreachable');
    };
    const down = await broken.app.fastify.inject({
      url: '/api/watches/kassan/timeline',
      headers: bearer(broken.tokens.viewer),
    });
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe('VAKT_CLICKHOUSE_UNAVAILABLE');
    await broken.app.stop(1000);
  });
});
