import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhook } from '@vakt/alerting/signing';
import { alertValidator } from '@vakt/schema/alert';
import { TOPICS } from '@vakt/schema/topics';
import { DEAD_LETTER_HEADER } from '@vakt/schema/dead-letter';
import { vi } from 'vitest';
import { at, between, calm, firing, resolved, scenario, storm } from './timeline.js';

const SECRET = 'whsec_dmFrdC10ZXN0LXNlY3JldC0x';
let current: Awaited<ReturnType<typeof scenario>> | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

/** Asserts exactly one accepted webhook matches `match`, arriving within `window` (virtual minutes). */
function expectWebhook(
  s: NonNullable<typeof current>,
  window: { from: number; to: number },
  match: (body: string) => boolean,
) {
  const hits = s.accepted('/hook').filter((r) => match(r.body));
  expect(hits, `webhooks: ${s.received.map((r) => `${r.minute}:${r.status}`).join(' ')}`).toHaveLength(1);
  expect(hits[0]!.minute).toBeGreaterThanOrEqual(window.from);
  expect(hits[0]!.minute).toBeLessThanOrEqual(window.to);
  return hits[0]!;
}

describe('alerter acceptance (timelines, virtual minutes)', () => {
  it('a storm is paged before its peak, signed, and resolved after it passes', async () => {
    const s = (current = await scenario({
      destinations: (url) => [{ id: 'hook', kind: 'webhook', url: `${url}/hook`, secrets: [SECRET] }],
    }));
    s.push(at(0), calm('tk', 0, 150));
    s.push(at(60), storm('tk', { peak: 80, to: 95, perMin: 60 }));
    await s.runUntil(150);
    // 1. firing for negative mentions on the rising edge (storm starts at 60, peaks at 80)
    const fire = expectWebhook(s, between(60, 79), firing({ watch: 'tk' }));
    expect(
      verifyWebhook(
        [SECRET],
        fire.headers as Record<string, string>,
        fire.body,
        Date.parse(JSON.parse(fire.body).alerts[0].startsAt),
      ),
    ).toEqual({ ok: true });
    const alert = JSON.parse(fire.body).alerts[0];
    expect(alert.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(alert.vakt.topMentions[0].reach).toBeGreaterThanOrEqual(200_000); // the big account leads the evidence
    expect(alert.annotations.surgingTerms).toMatch(/försenad|kundtjänstkaos/);
    expect(alert.generatorURL).toContain('watch=tk');
    // 2. resolved once the storm has been over for the release time
    expectWebhook(s, between(95, 150), resolved({ watch: 'tk' }));
    // 3. every transition also went to the dashboard hook and is a valid Alert
    expect(s.alerts.length).toBeGreaterThanOrEqual(2);
    for (const a of s.alerts) expect(alertValidator.check(a).ok).toBe(true);
    // 4. one storm, one page per series: nothing fired on the calm watch before or after
    expect(s.accepted('/hook').filter((r) => firing({ watch: 'tk' })(r.body))).toHaveLength(1);
  }, 60_000);

  it('receiver down for a minute, then up: every alert arrives exactly once', async () => {
    const s = (current = await scenario({
      destinations: (url) => [{ id: 'hook', kind: 'webhook', url: `${url}/hook`, secrets: [SECRET] }],
    }));
    s.push(at(0), calm('tk', 0, 150));
    s.push(at(60), storm('tk', { peak: 80, to: 95, perMin: 60 }));
    await s.runUntil(60);
    s.setReceiverStatus(503);
    // Run until the first (failing) attempt, then keep the receiver down one more minute.
    while (!s.received.length && s.minute() < 100) await s.runUntil(s.minute() + 1);
    expect(s.received.length).toBeGreaterThan(0);
    const downAt = s.received[0]!.minute;
    await s.runUntil(downAt + 1);
    s.setReceiverStatus(200);
    await s.runUntil(150);
    expect(s.received.filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(2); // retried while down
    const perKey = new Map<string, number>();
    for (const r of s.received)
      if (r.status < 300)
        perKey.set(String(r.headers['webhook-id']), (perKey.get(String(r.headers['webhook-id'])) ?? 0) + 1);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    // Every alert transition that was notified reached the receiver.
    expect(s.app.pendingDeliveries()).toBe(0);
    expect(s.app.deadDeliveries()).toEqual([]);
    expectWebhook(s, between(downAt, downAt + 3), firing({ watch: 'tk' }));
    expectWebhook(s, between(95, 150), resolved({ watch: 'tk' }));
  }, 60_000);

  it('silence per watch: the storm is recorded but not paged; ack is kept per alert', async () => {
    const s = (current = await scenario({
      destinations: (url) => [{ id: 'hook', kind: 'webhook', url: `${url}/hook`, unsigned: true }],
    }));
    s.push(at(0), calm('tk', 0, 100));
    s.push(at(60), storm('tk', { peak: 80, to: 95, perMin: 60 }));
    // Run into the storm until it has fired, then silence its watch and acknowledge it through the actions API.
    await s.runUntil(80);
    const list = await s.app.alerts.list({ watch: 'tk', status: 'firing', limit: 10 });
    expect(list.length).toBeGreaterThan(0);
    const fp = list[0]!.alert.fingerprint;
    await s.app.alerts.silence(fp, Date.parse(list[0]!.alert.startsAt) + 24 * 60 * 60_000, 'anna');
    const acked = await s.app.alerts.ack(fp, 'anna', 'on it');
    expect(acked).toMatchObject({ acknowledgedBy: 'anna' });
    expect(acked.silencedUntil).toBeDefined();
    const before = s.accepted('/hook').length;
    await s.runUntil(100);
    // The storm's resolution is silenced: no new webhook for the silenced watch.
    expect(s.accepted('/hook').length).toBe(before);
    expect((await s.app.alerts.history(fp)).map((h) => h.action)).toEqual(
      expect.arrayContaining(['fired', 'silence', 'ack']),
    );
    await expect(s.app.alerts.get('nope')).rejects.toMatchObject({ code: 'VAKT_NOT_FOUND' });
  }, 60_000);

  it('poison on vakt.mentions.scored is dead-lettered with a reason and the alerter keeps going', async () => {
    const s = (current = await scenario({
      destinations: (url) => [{ id: 'hook', kind: 'webhook', url: `${url}/hook`, unsigned: true }],
    }));
    const dlq = await s.bus.consumer({ groupId: 'dlq-reader', topics: [TOPICS.dlq] });
    const letters: Array<Record<string, string>> = [];
    await dlq.run(async (records) => void letters.push(...records.map((r) => r.headers)));
    s.push(at(0), calm('tk', 0, 5));
    await s.produceRaw('{not json');
    await s.produceRaw(JSON.stringify({ schemaVersion: 1, id: 'x' }));
    await s.runUntil(5);
    expect(s.app.counters()).toMatchObject({ deadLettered: 2, mentions: 50 });
    await vi.waitFor(() => expect(letters).toHaveLength(2));
    expect(JSON.parse(letters[0]![DEAD_LETTER_HEADER]!)).toMatchObject({
      code: 'VAKT_SCHEMA_INVALID',
      stage: 'alerter',
    });
    await dlq.stop();
  }, 30_000);
});

describe('Alertmanager push', () => {
  it('re-sends firing alerts every interval while active, then sends the resolution with its endsAt', async () => {
    const s = (current = await scenario({
      destinations: (url) => [{ id: 'am', kind: 'alertmanager', url: `${url}/am` }],
    }));
    s.push(at(0), calm('tk', 0, 150));
    s.push(at(60), storm('tk', { peak: 80, to: 95, perMin: 60 }));
    await s.runUntil(150);
    const posts = s.accepted('/am/api/v2/alerts').map((r) => ({
      minute: r.minute,
      alerts: JSON.parse(r.body) as Array<{ labels: Record<string, string>; startsAt: string; endsAt: string }>,
    }));
    expect(posts.length).toBeGreaterThanOrEqual(10); // once a minute while the storm lasts
    for (const p of posts) expect(p.alerts[0]!.labels).toMatchObject({ alertname: 'VaktNegativeStorm', watch: 'tk' });
    const byFp = new Map<string, typeof posts>();
    for (const p of posts) {
      const k = JSON.stringify(p.alerts[0]!.labels);
      byFp.set(k, [...(byFp.get(k) ?? []), p]);
    }
    const paged = [...byFp.values()].find((ps) => ps.length > 3)!;
    const last = paged.at(-1)!.alerts[0]!;
    const firingOnes = paged.slice(0, -1).map((p) => p.alerts[0]!);
    // While firing, endsAt sits ahead so Alertmanager keeps the alert active between re-sends.
    for (const a of firingOnes) expect(Date.parse(a.endsAt)).toBeGreaterThan(Date.parse(a.startsAt));
    // The last push for that alert is its resolution, with endsAt at the storm's end (event time), not in the future.
    expect(Date.parse(last.endsAt)).toBeLessThan(Date.parse(firingOnes.at(-1)!.endsAt));
  }, 60_000);
});

describe('createAlerterApp configuration', () => {
  it('rejects bad destinations at construction with every problem named', async () => {
    const { createAlerterApp } = await import('../src/app.js');
    const { createMemoryBus } = await import('@vakt/bus/memory');
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    expect(() =>
      createAlerterApp({
        bus: createMemoryBus(),
        now: () => 0,
        log,
        dataDir: '/nonexistent',
        dashboardUrl: 'http://x/',
        destinations: [{ id: 'pd', kind: 'pagerduty', url: 'nope' }],
      }),
    ).toThrow(/VAKT_CONFIG_INVALID|destinations\[0\] \(pd\)\.url.*routingKey/);
  });
});
