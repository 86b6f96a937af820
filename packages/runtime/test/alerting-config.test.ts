import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAlerting } from '@vakt/runtime/alerting-config';

const file = (content: unknown): string => {
  const p = join(mkdtempSync(join(tmpdir(), 'vakt-alerting-')), 'alerting.json');
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('loadAlerting', () => {
  it('reads destinations and routes, with secrets from the environment', async () => {
    const r = await loadAlerting({
      file: file({ destinations: [{ id: 'slack-comms', kind: 'slack', url: 'https://hooks.slack.example/x', secretEnv: ['SLACK_SECRET'] }], routes: [{ watch: 'fk', minSeverity: 'warning', owner: 'comms', to: ['slack-comms'] }] }),
      env: { SLACK_SECRET: 's3' },
    });
    expect(r.destinations).toEqual([{ id: 'slack-comms', kind: 'slack', url: 'https://hooks.slack.example/x', secrets: ['s3'] }]);
    expect(r.routes?.[0]?.owner).toBe('comms');
  });

  it.each([
    // a secret the file names but the environment lacks fails startup, naming it
    ['missing secret', { destinations: [{ id: 'a', kind: 'webhook', url: 'https://x.example', secretEnv: ['NOPE'] }] }, /NOPE: required/],
    // a route to a destination that does not exist is a typo, not a silent no-op
    ['unknown route target', { destinations: [{ id: 'a', kind: 'webhook', url: 'https://x.example' }], routes: [{ to: ['b'] }] }, /route to "b"/],
    // unknown kinds are refused by the schema
    ['bad kind', { destinations: [{ id: 'a', kind: 'fax', url: 'https://x.example' }] }, /VAKT_ALERTING_FILE/],
    ['not JSON', '{oops', /cannot read .* as JSON/],
  ])('%s', async (_n, content, message) => {
    await expect(loadAlerting({ file: file(content), env: {} })).rejects.toThrow(message);
  });

  it('adds the single generic webhook from VAKT_WEBHOOK_URL', async () => {
    const r = await loadAlerting({ webhookUrl: 'http://127.0.0.1:9/hook', webhookSecret: 'whsec_x', env: {} });
    expect(r.destinations).toEqual([{ id: 'default-webhook', kind: 'webhook', url: 'http://127.0.0.1:9/hook', secrets: ['whsec_x'] }]);
  });
});

describe('issue 16: unsigned webhooks', () => {
  it('VAKT_WEBHOOK_UNSIGNED marks the single webhook unsigned; a file destination may say unsigned: true', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vakt-alerting-')), 'alerting.json');
    writeFileSync(file, JSON.stringify({ destinations: [{ id: 'a', kind: 'webhook', url: 'https://x.example', unsigned: true }] }));
    const r = await loadAlerting({ file, webhookUrl: 'http://127.0.0.1:9/hook', webhookUnsigned: true, env: {} });
    expect(r.destinations).toEqual([
      { id: 'a', kind: 'webhook', url: 'https://x.example', unsigned: true },
      { id: 'default-webhook', kind: 'webhook', url: 'http://127.0.0.1:9/hook', unsigned: true },
    ]);
  });
});

describe('issue 16: a webhook without a secret stops startup at once', () => {
  it.each([
    ['VAKT_WEBHOOK_URL without a secret', { webhookUrl: 'http://127.0.0.1:9/hook' }, /VAKT_WEBHOOK_URL: a webhook needs a signing secret .*VAKT_WEBHOOK_UNSIGNED=true/],
  ])('%s', async (_name, opts, message) => {
    await expect(loadAlerting({ ...opts, env: {} })).rejects.toThrow(message);
  });

  it('names a file destination without secretEnv', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vakt-alerting-')), 'alerting.json');
    writeFileSync(file, JSON.stringify({ destinations: [{ id: 'ops', kind: 'webhook', url: 'https://x.example' }] }));
    await expect(loadAlerting({ file, env: {} })).rejects.toThrow(/"ops" in .*alerting\.json: a webhook needs a signing secret/);
  });
});
