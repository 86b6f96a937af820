import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { alertValidator } from '@vakt/schema/alert';
import { formatAlertmanager, alertmanagerPushUrl } from '../src/formats/alertmanager.js';
import { formatGeneric } from '../src/formats/generic.js';
import { formatPagerDuty } from '../src/formats/pagerduty.js';
import { formatSlack } from '../src/formats/slack.js';
import { formatTeams } from '../src/formats/teams.js';
import { sampleAlert } from './fixtures.js';
import * as S from './schemas/payload-schemas.js';

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
const firing = sampleAlert();
const resolved = sampleAlert({
  status: 'resolved',
  endsAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
});

function valid(schema: object, payload: unknown): string[] {
  const v = ajv.compile(schema);
  return v(payload) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('payload formats match the receivers documented schemas', () => {
  it('the fixture is a valid Vakt Alert', () => {
    expect(alertValidator.check(firing).ok).toBe(true);
    expect(alertValidator.check(resolved).ok).toBe(true);
  });

  it.each([
    [
      'generic (Alertmanager webhook v4)',
      S.alertmanagerWebhookV4,
      (a: typeof firing) =>
        formatGeneric([a], { receiver: 'ops', externalURL: 'http://vakt', owners: ['kommunikation'] }),
    ],
    ['Slack incoming webhook', S.slackWebhook, (a: typeof firing) => formatSlack(a, ['kommunikation'])],
    ['Teams Workflows Adaptive Card', S.teamsWorkflow, (a: typeof firing) => formatTeams(a, ['kommunikation'])],
    [
      'Alertmanager POST /api/v2/alerts',
      S.alertmanagerPostableAlerts,
      (a: typeof firing) => formatAlertmanager(a, Date.parse('2026-01-05T09:13:00Z'), 60_000),
    ],
    [
      'PagerDuty Events v2',
      S.pagerDutyEvent,
      (a: typeof firing) => formatPagerDuty(a, 'R0UT1NGKEY0000000000000000000000'),
    ],
  ])('%s: firing and resolved payloads validate', (_name, schema, format) => {
    expect(valid(schema, format(firing))).toEqual([]);
    expect(valid(schema, format(resolved))).toEqual([]);
  });

  it('the schemas are strict enough to catch a wrong payload', () => {
    expect(valid(S.slackWebhook, { blocks: [] })).not.toEqual([]); // text is required
    expect(valid(S.pagerDutyEvent, { routing_key: 'k', event_action: 'trigger' })).not.toEqual([]); // payload required
    expect(
      valid(S.alertmanagerWebhookV4, { ...formatGeneric([firing], { receiver: 'r', externalURL: 'x' }), version: 4 }),
    ).not.toEqual([]);
  });

  it('Slack: user text cannot inject links, pings or formatting', () => {
    const text = JSON.stringify(formatSlack(firing));
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&amp;');
  });

  it('PagerDuty: dedup_key is the fingerprint, trigger while firing and resolve when resolved', () => {
    expect(formatPagerDuty(firing, 'k')).toMatchObject({
      event_action: 'trigger',
      dedup_key: firing.fingerprint,
      payload: { severity: 'critical' },
    });
    expect(formatPagerDuty(resolved, 'k')).toEqual({
      routing_key: 'k',
      event_action: 'resolve',
      dedup_key: firing.fingerprint,
    });
  });

  it('Alertmanager push: firing alerts end a few resend intervals ahead, resolved ones at their real end', () => {
    const now = Date.parse('2026-01-05T09:13:00Z');
    expect(formatAlertmanager(firing, now, 60_000)[0]!.endsAt).toBe('2026-01-05T09:17:00.000Z');
    expect(formatAlertmanager(resolved, now, 60_000)[0]!.endsAt).toBe(resolved.endsAt);
    expect(alertmanagerPushUrl('http://am:9093/')).toBe('http://am:9093/api/v2/alerts');
  });

  it('generic: evidence travels as strings in annotations and whole in `vakt`', () => {
    const p = formatGeneric([firing], { receiver: 'ops', externalURL: 'http://vakt' });
    expect(p.commonLabels).toMatchObject({ watch: 'trygghetskassan', severity: 'critical' });
    expect(JSON.parse(p.alerts[0]!.annotations.topMentions!)[0].id).toBe('m1');
    expect(p.alerts[0]!.vakt.observed).toBe(42);
    expect(formatGeneric([resolved], { receiver: 'ops', externalURL: 'x' }).alerts[0]!.endsAt).toBe(resolved.endsAt);
  });
});

describe('Teams: user text cannot smuggle markdown links', () => {
  it('defuses [text](url) and emphasis in mention text', () => {
    const a = sampleAlert();
    a.evidence.topMentions[0]!.text = 'klicka [här](https://evil.example) **nu**';
    const card = JSON.stringify(formatTeams(a));
    expect(card).not.toContain('](https://evil.example)');
    expect(card).toContain('här]\\u200b(https://evil.example)'.replace('\\u200b', '\u200B'));
  });
});
