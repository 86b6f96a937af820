import { expect, it } from 'vitest';
import type { Alert } from '@vakt/schema/alert';
import type { DeadLetter } from '@vakt/schema/dead-letter';
import { insertAlerts, queryAlerts } from '../src/tables/alerts.js';
import { insertDeadLetters, queryDeadLetters } from '../src/tables/dead-letters.js';
import { insertMentions } from '../src/tables/mentions.js';
import { HOSTILE, onBothEngines, scored, uid } from './helpers.js';

function alert(watch: string, over: Partial<Alert> = {}): Alert {
  return {
    schemaVersion: 1,
    fingerprint: `fp-${watch}`,
    status: 'firing',
    startsAt: '2026-11-23T10:05:00.123Z',
    updatedAt: '2026-11-23T10:05:00.123Z',
    labels: {
      alertname: 'NegativeSpike',
      watch,
      series: 'negative_share',
      window: '5m',
      severity: 'critical',
      team: "comms'); --",
    },
    annotations: { summary: 'Negativ storm kring fakturan', description: HOSTILE.join(' | ') },
    evidence: {
      window: '5m',
      observed: 42,
      expected: 3.5,
      score: 0.97,
      topMentions: [],
      surgingTerms: [{ term: 'faktura', weight: 3.2 }],
    },
    generatorURL: 'http://127.0.0.1:8080/alerts/x',
    ...over,
  };
}

onBothEngines('vakt.alerts and vakt.dead_letters', (ctx) => {
  it('keeps the latest state per episode, exactly as sent, with top mentions rehydrated from vakt.mentions', async () => {
    const { store } = ctx();
    const watch = uid();
    const m = scored({ id: 'top-1', text: HOSTILE[1] ?? '', matches: [{ watch, entities: [] }] });
    expect((await insertMentions(store)([m])).ok).toBe(true);
    const top = {
      id: m.id,
      source: m.source,
      url: m.url ?? '',
      text: m.text,
      author: 'anna',
      reach: 128,
      label: 'negative' as const,
      score: -0.7,
      explanation: m.sentiment.explanation,
    };
    const firing = alert(watch, {
      evidence: { ...alert(watch).evidence, topMentions: [top, { ...top, id: 'never-stored' }] },
    });
    const resolved: Alert = {
      ...firing,
      status: 'resolved',
      endsAt: '2026-11-23T10:40:00.456Z',
      updatedAt: '2026-11-23T10:40:00.456Z',
    };
    const ins = insertAlerts(store);
    const first = await ins([resolved]);
    if (!first.ok) throw first.error;
    expect((await ins([firing])).ok).toBe(true); // older state arriving late loses
    expect((await ins([firing, resolved])).ok).toBe(true); // replays are harmless
    const got = await queryAlerts(store)({ watch });
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.value).toHaveLength(1);
    // the mention that is not in vakt.mentions is gone; the stored one comes back from the mentions table
    expect(got.value[0]).toEqual({ ...resolved, evidence: { ...resolved.evidence, topMentions: [top] } });
    const firingOnly = await queryAlerts(store)({ watch, status: 'firing' });
    expect(firingOnly.ok && firingOnly.value).toEqual([]);
    // a new episode of the same fingerprint is a separate row
    const next = alert(watch, { startsAt: '2026-11-23T12:00:00.000Z', updatedAt: '2026-11-23T12:00:00.000Z' });
    expect((await ins([next])).ok).toBe(true);
    const both = await queryAlerts(store)({ watch });
    expect(both.ok && both.value.map((a) => [a.startsAt, a.status])).toEqual([
      ['2026-11-23T12:00:00.000Z', 'firing'],
      ['2026-11-23T10:05:00.123Z', 'resolved'],
    ]);
  });

  it('rejects an invalid alert as VAKT_SCHEMA_INVALID', async () => {
    const { store } = ctx();
    const r = await insertAlerts(store)([{ ...alert(uid()), status: 'exploded' } as never]);
    expect(!r.ok && r.error.code).toBe('VAKT_SCHEMA_INVALID');
  });

  it('dead letters round-trip and a re-delivered poison message is one row after FINAL', async () => {
    const { store } = ctx();
    const stage = uid('stage').slice(0, 20);
    const d: DeadLetter = {
      schemaVersion: 1,
      code: 'VAKT_SCHEMA_INVALID',
      reason: '/text: must NOT have fewer than 1 characters',
      stage,
      failed_at: '2026-11-23T10:00:00.000Z',
      origin: { topic: 'vakt.mentions.raw', partition: 3, offset: '1234', key: 'x:1' },
      raw_truncated: `{"text":${JSON.stringify(HOSTILE.join(''))}}`,
      raw_bytes: 2_000_000,
    };
    const noOrigin: DeadLetter = { ...d, origin: undefined, failed_at: '2026-11-23T10:01:00.000Z' };
    delete (noOrigin as { origin?: unknown }).origin;
    expect((await insertDeadLetters(store)([d, noOrigin])).ok).toBe(true);
    expect((await insertDeadLetters(store)([d])).ok).toBe(true);
    const got = await queryDeadLetters(store)({ stage });
    expect(got.ok && got.value).toEqual(
      [noOrigin, d].map((x) => ({ ...x, raw_truncated: x.raw_truncated.toWellFormed() })),
    );
    // raw text truncated by UTF-16 code units can end in half an emoji: the insert must not fail on it
    const halfEmoji = { ...d, stage: `${stage}-half`, raw_truncated: `{"text":"storm ${'🙂'.slice(0, 1)}` };
    const half = await insertDeadLetters(store)([halfEmoji]);
    if (!half.ok) throw half.error;
    const back = await queryDeadLetters(store)({ stage: `${stage}-half` });
    expect(back.ok && back.value.map((x) => x.raw_truncated)).toEqual(['{"text":"storm \uFFFD']);
    const bad = await insertDeadLetters(store)([{ ...d, raw_bytes: -1 }]);
    expect(!bad.ok && bad.error.code).toBe('VAKT_SCHEMA_INVALID');
  });
});
