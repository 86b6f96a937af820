import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alert, bearer, buildApp, mention, T0, type Fixture } from '../helpers.js';

// Issue 17 item 7: "Ökande termer" was led by the watch's own name and stop words (`trygghetskassan ×4081.8`, `hos`,
// `idag`, `igen`). The routes that serve terms to the UI drop the watch's names (name, id, people) and stop words,
// in the overview's list and in an alert's evidence.
describe('surging terms served to the dashboard', () => {
  let f: Fixture;
  const get = (url: string) => f.app.fastify.inject({ url, headers: bearer(f.tokens.viewer) });
  const texts = [
    'Kassan har fakturastrul igen hos dem idag',
    'Kassans fakturastrul idag igen, hos kundtjänst',
    'fakturastrul hos Kassan idag igen',
  ];

  beforeAll(async () => {
    f = await buildApp();
    for (let i = 0; i < 12; i++)
      f.store.add(mention({ text: texts[i % 3]!, created_at: new Date(T0 - 600_000 + i * 1000).toISOString() }));
    await f.alerts.record(
      alert({
        evidence: {
          ...alert().evidence,
          surgingTerms: [
            { term: 'kassan', weight: 4081.8 },
            { term: 'kassans', weight: 99 },
            { term: 'fakturastrul', weight: 12 },
          ],
        },
      }),
    );
  });
  afterAll(() => f.app.stop(1000));

  it("the overview's list leaves out the watch's name and stop words", async () => {
    const terms = (await get('/api/watches/kassan/surging?limit=10')).json().terms.map((t: { term: string }) => t.term);
    expect(terms).toContain('fakturastrul');
    for (const bad of ['kassan', 'kassans', 'hos', 'idag', 'igen']) expect(terms).not.toContain(bad);
  });

  it("an alert's evidence, listed or opened, leaves out the watch's name", async () => {
    const listed = (await get('/api/alerts')).json().alerts[0].alert.evidence.surgingTerms;
    const opened = (await get('/api/alerts/fp1')).json().state.alert.evidence.surgingTerms;
    expect(listed).toEqual([{ term: 'fakturastrul', weight: 12 }]);
    expect(opened).toEqual(listed);
  });
});
