import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildApp, login, mention, T0, type Fixture } from './helpers.js';

// Label corrections over the in-memory store: who may correct, what is refused, what the list and export return.
describe('label corrections API', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await buildApp();
    f.store.add(mention({ id: 'neg-1', text: 'Det var fruktansvärt trevligt <script>alert(1)</script>' }));
    f.store.add(
      mention({
        id: 'neg-2',
        text: 'Fakturan är fel\nigen "som vanligt"',
        sentiment: { ...mention().sentiment, lang: 'sv' },
      }),
    );
  });
  afterAll(() => f.app.stop(1000));

  const correct = (headers: Record<string, string>, payload: object) =>
    f.app.fastify.inject({ method: 'POST', url: '/api/corrections', headers, payload });

  it('an editor corrects a label; the correction records who, when and what the model said', async () => {
    const res = await correct(bearer(f.tokens.editor), {
      watch: 'kassan',
      source: 'x',
      id: 'neg-1',
      label: 'positive',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().correction).toEqual({
      watch: 'kassan',
      source: 'x',
      id: 'neg-1',
      label: 'positive',
      modelLabel: 'negative',
      modelScore: -0.6,
      model: 'combined',
      text: 'Det var fruktansvärt trevligt <script>alert(1)</script>',
      lang: 'sv',
      createdAt: new Date(T0 - 60_000).toISOString(),
      correctedBy: 'token:editor',
      correctedAt: new Date(T0).toISOString(),
    });
    // the audit line names the actor and labels, never the text
    const line = f.log.lines.find((l) => (l.obj as { audit?: string }).audit === 'label.correct');
    expect(line?.obj).toMatchObject({ watch: 'kassan', by: 'token:editor', label: 'positive', modelLabel: 'negative' });
    expect(JSON.stringify(f.log.lines)).not.toContain('fruktansvärt');
  });

  it('a viewer may not correct (403); nobody without credentials may (401)', async () => {
    const viewer = await correct(bearer(f.tokens.viewer), {
      watch: 'kassan',
      source: 'x',
      id: 'neg-2',
      label: 'positive',
    });
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().error.code).toBe('VAKT_FORBIDDEN');
    expect(
      (
        await f.app.fastify.inject({
          method: 'POST',
          url: '/api/corrections',
          payload: { watch: 'kassan', source: 'x', id: 'neg-2', label: 'positive' },
        })
      ).statusCode,
    ).toBe(401);
    const list = await f.app.fastify.inject({
      method: 'GET',
      url: '/api/corrections',
      headers: bearer(f.tokens.viewer),
    });
    expect(list.json().corrections.map((c: { id: string }) => c.id)).toEqual(['neg-1']);
  });

  it.each([
    // what is wrong → what the 400 says
    [{ watch: 'kassan', source: 'x', id: 'neg-2', label: 'angry' }, /label must be equal to one of the allowed values/],
    [{ watch: 'kassan', source: 'x', id: 'neg-2' }, /must have required property 'label'/],
    [{ watch: 'kassan', source: 'x', id: 'neg-2', label: 'positive', extra: 1 }, /must NOT have additional properties/],
    [{ watch: 'Kassan!', source: 'x', id: 'neg-2', label: 'positive' }, /watch must match pattern/],
    [
      { watch: 'kassan', source: 'x', id: 'no-such-mention', label: 'positive' },
      /no stored mention with this source and id in watch kassan/,
    ],
    [{ watch: 'other', source: 'x', id: 'neg-2', label: 'positive' }, /no stored mention/],
  ])('refuses %j with 400', async (payload, message) => {
    const res = await correct(bearer(f.tokens.admin), payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VAKT_REQUEST_INVALID');
    expect(res.json().error.message).toMatch(message);
  });

  it('a logged-in analyst needs the CSRF header like every other state change', async () => {
    const s = await login(f.app, 'editor');
    const without = await correct(
      { cookie: s.cookie },
      { watch: 'kassan', source: 'x', id: 'neg-2', label: 'neutral' },
    );
    expect(without.statusCode).toBe(403);
    const ok = await correct(s.headers, { watch: 'kassan', source: 'x', id: 'neg-2', label: 'neutral' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().correction.correctedBy).toBe('editor');
  });

  it('correcting again keeps only the latest; the mention list marks corrected mentions', async () => {
    f.clock.now = T0 + 5_000;
    expect(
      (await correct(bearer(f.tokens.admin), { watch: 'kassan', source: 'x', id: 'neg-1', label: 'neutral' }))
        .statusCode,
    ).toBe(200);
    const list = await f.app.fastify.inject({
      method: 'GET',
      url: '/api/corrections?watch=kassan',
      headers: bearer(f.tokens.viewer),
    });
    const rows = list.json().corrections as { id: string; label: string; correctedBy: string }[];
    expect(rows.map((c) => [c.id, c.label, c.correctedBy])).toEqual([
      ['neg-1', 'neutral', 'token:admin'],
      ['neg-2', 'neutral', 'editor'],
    ]);
    const mentions = await f.app.fastify.inject({
      method: 'GET',
      url: '/api/mentions?watch=kassan',
      headers: bearer(f.tokens.viewer),
    });
    const byId = new Map(
      (mentions.json().mentions as { id: string; sentiment: { label: string }; correction?: object }[]).map((m) => [
        m.id,
        m,
      ]),
    );
    // the model's verdict stays in sentiment; the analyst's is beside it
    expect(byId.get('neg-1')?.sentiment.label).toBe('negative');
    expect(byId.get('neg-1')?.correction).toEqual({
      label: 'neutral',
      correctedBy: 'token:admin',
      correctedAt: new Date(T0 + 5_000).toISOString(),
    });
    // across all watches too
    const all = await f.app.fastify.inject({ method: 'GET', url: '/api/mentions', headers: bearer(f.tokens.viewer) });
    expect(
      (all.json().mentions as { id: string; correction?: { label: string } }[]).find((m) => m.id === 'neg-1')
        ?.correction?.label,
    ).toBe('neutral');
  });

  it('exports exactly the `vakt train --add` format, one line per corrected mention, oldest first', async () => {
    const res = await f.app.fastify.inject({
      method: 'GET',
      url: '/api/corrections/export?watch=kassan',
      headers: bearer(f.tokens.viewer),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="vakt-corrections-kassan.jsonl"');
    const lines = res.body.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { text: 'Fakturan är fel\nigen "som vanligt"', label: 'neutral', lang: 'sv' },
      { text: 'Det var fruktansvärt trevligt <script>alert(1)</script>', label: 'neutral', lang: 'sv' },
    ]);
    const none = await f.app.fastify.inject({
      method: 'GET',
      url: `/api/corrections/export?since=${T0 + 60_000}`,
      headers: bearer(f.tokens.viewer),
    });
    expect(none.body).toBe('');
    const bad = await f.app.fastify.inject({
      method: 'GET',
      url: '/api/corrections/export?format=csv',
      headers: bearer(f.tokens.viewer),
    });
    expect(bad.statusCode).toBe(400);
  });
});
