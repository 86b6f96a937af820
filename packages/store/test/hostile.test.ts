import { expect, it } from 'vitest';
import { insertMentions, queryMentions } from '../src/tables/mentions.js';
import { queryBreakdown, queryNegativeShare, queryTimeline } from '../src/tables/rollups.js';
import { queryAlerts } from '../src/tables/alerts.js';
import { queryDeadLetters } from '../src/tables/dead-letters.js';
import { applyRetention, eraseAuthor } from '../src/privacy.js';
import { HOSTILE, onBothEngines, scored, uid } from './helpers.js';

const FROM = '2026-11-23T00:00:00Z';
const TO = '2026-11-24T00:00:00Z';

// Every query factory takes user-controlled filter values (dashboard query strings, API bodies). Each hostile string
// is used as watch, entity, source, lang, handle, stage and fingerprint: the call must succeed and match exactly
// the rows stored under that value, no more (an injection would error or widen the match) and no less.
onBothEngines('hostile filter values in every query', (ctx) => {
  it('are bound as data everywhere', async () => {
    const { store } = ctx();
    const suffix = uid();
    const watches = HOSTILE.map((h) => `${h}${suffix}`);
    const rows = watches.map((watch, i) =>
      scored({
        id: `h${i}`,
        author: { handle: `${HOSTILE[i]}${suffix}` },
        matches: [{ watch, entities: [HOSTILE[i] ?? ''] }],
      }),
    );
    expect((await insertMentions(store)(rows)).ok).toBe(true);
    for (const [i, watch] of watches.entries()) {
      const h = HOSTILE[i] ?? '';
      const tl = await queryTimeline(store)({ watch, from: FROM, to: TO, step: 'hour', source: 'x', lang: 'sv' });
      expect(tl.ok && tl.value.map((p) => p.total)).toEqual([1]);
      const hostileSource = await queryTimeline(store)({ watch, from: FROM, to: TO, step: 'day', source: h, lang: h });
      expect(hostileSource.ok && hostileSource.value).toEqual([]);
      const br = await queryBreakdown(store)({ watch, by: 'entity' });
      expect(br.ok && br.value.map((b) => b.key)).toEqual([h.toWellFormed()]);
      const share = await queryNegativeShare(store)({ watch, from: FROM, to: TO, entity: h });
      expect(share.ok && share.value.total).toBe(1);
      const ms = await queryMentions(store)({ watch, entity: h, source: 'x', lang: 'sv' });
      expect(ms.ok && ms.value.map((m) => m.id)).toEqual([`h${i}`]);
      const al = await queryAlerts(store)({ watch, fingerprint: h });
      expect(al.ok && al.value).toEqual([]);
      const dl = await queryDeadLetters(store)({ stage: h, code: h });
      expect(dl.ok && dl.value).toEqual([]);
    }
    // privacy operations with hostile values touch exactly their own rows
    const erased = await eraseAuthor(store)({ handle: `${HOSTILE[1]}${suffix}` });
    expect(erased.ok && erased.value.deleted['mentions']).toBe(1);
    const kept = await applyRetention(store, { now: () => Date.parse('2026-11-25T00:00:00Z') })({
      watch: watches[2] ?? '',
      days: 1,
    });
    expect(kept.ok && kept.value.deleted['mentions']).toBe(1);
    let left = 0;
    for (const watch of watches) {
      const r = await queryMentions(store)({ watch });
      if (r.ok) left += r.value.length;
    }
    expect(left).toBe(HOSTILE.length - 2);
  });
});
