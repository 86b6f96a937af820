import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, buildApp, type Fixture } from './helpers.js';

// Issue 16 (low): an editor could set retentionDays: 1 and so delete a watch's history at the next retention run.
describe('shortening retention is an admin action, and audited', () => {
  let f: Fixture;
  const put = (role: 'editor' | 'admin', retentionDays: number) =>
    f.app.fastify.inject({
      method: 'PUT',
      url: '/api/watches/kassan',
      headers: bearer(f.tokens[role]),
      payload: { ...seed(), retentionDays },
    });
  const seed = () => ({
    name: 'Kassan',
    query: 'kassan OR fakturan',
    entities: [{ name: 'faktura', kind: 'touchpoint', query: 'faktura' }],
    owners: ['comms'],
    routes: ['slack'],
  });
  const audits = () =>
    f.log.lines.filter((l) => (l.obj as { audit?: string }).audit === 'watch.retention').map((l) => l.obj);
  beforeEach(async () => {
    f = await buildApp();
  });
  afterEach(() => f.app.stop(1000));

  it('an editor may not shorten retention (403 naming why); the watch keeps its retention', async () => {
    const res = await put('editor', 1);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe(
      'shortening retention from 365 to 1 days deletes history: an admin must do it',
    );
    expect(
      (await f.app.fastify.inject({ url: '/api/watches/kassan', headers: bearer(f.tokens.viewer) })).json().watch
        .retentionDays,
    ).toBe(365);
    expect(audits()).toEqual([]);
  });

  it('an editor may lengthen it, and an admin may shorten it; each change is one audit line', async () => {
    expect((await put('editor', 730)).statusCode).toBe(200);
    expect((await put('admin', 30)).statusCode).toBe(200);
    // Same retention again: an edit of other fields, nothing to audit.
    expect((await put('editor', 30)).statusCode).toBe(200);
    expect(audits()).toEqual([
      { audit: 'watch.retention', by: 'token:editor', byKind: 'token', watch: 'kassan', fromDays: 365, toDays: 730 },
      { audit: 'watch.retention', by: 'token:admin', byKind: 'token', watch: 'kassan', fromDays: 730, toDays: 30 },
    ]);
  });
});
