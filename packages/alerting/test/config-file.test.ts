import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAlerting } from '@vakt/alerting/config-file';

const file = (content: unknown): string => {
  const p = join(mkdtempSync(join(tmpdir(), 'vakt-alerting-')), 'alerting.json');
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('loadAlerting', () => {
  it('reads destinations and routes, with secrets from the environment', async () => {
    const r = await loadAlerting({
      file: file({
        destinations: [
          { id: 'slack-comms', kind: 'slack', url: 'https://hooks.slack.example/x', secretEnv: ['SLACK_SECRET'] },
        ],
        routes: [{ watch: 'fk', minSeverity: 'warning', owner: 'comms', to: ['slack-comms'] }],
      }),
      env: { SLACK_SECRET: 's3' },
    });
    expect(r.destinations).toEqual([
      { id: 'slack-comms', kind: 'slack', url: 'https://hooks.slack.example/x', secrets: ['s3'] },
    ]);
    expect(r.routes?.[0]?.owner).toBe('comms');
  });

  it.each([
    // a secret the file names but the environment lacks fails startup, naming it
    [
      'missing secret',
      { destinations: [{ id: 'a', kind: 'webhook', url: 'https://x.example', secretEnv: ['NOPE'] }] },
      /NOPE: required/,
    ],
    // a route to a destination that does not exist is a typo, not a silent no-op
    [
      'unknown route target',
      { destinations: [{ id: 'a', kind: 'webhook', url: 'https://x.example' }], routes: [{ to: ['b'] }] },
      /route to "b"/,
    ],
    // unknown kinds are refused by the schema
    ['bad kind', { destinations: [{ id: 'a', kind: 'fax', url: 'https://x.example' }] }, /VAKT_ALERTING_FILE/],
    ['not JSON', '{oops', /cannot read .* as JSON/],
  ])('%s', async (_n, content, message) => {
    await expect(loadAlerting({ file: file(content), env: {} })).rejects.toThrow(message);
  });

  it('adds the single generic webhook from VAKT_WEBHOOK_URL', async () => {
    const r = await loadAlerting({ webhookUrl: 'http://127.0.0.1:9/hook', webhookSecret: 'whsec_x', env: {} });
    expect(r.destinations).toEqual([
      { id: 'default-webhook', kind: 'webhook', url: 'http://127.0.0.1:9/hook', secrets: ['whsec_x'] },
    ]);
  });
});

describe('issue 16: unsigned webhooks', () => {
  it('VAKT_WEBHOOK_UNSIGNED marks the single webhook unsigned; a file destination may say unsigned: true', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vakt-alerting-')), 'alerting.json');
    writeFileSync(
      file,
      JSON.stringify({ destinations: [{ id: 'a', kind: 'webhook', url: 'https://x.example', unsigned: true }] }),
    );
    const r = await loadAlerting({ file, webhookUrl: 'http://127.0.0.1:9/hook', webhookUnsigned: true, env: {} });
    expect(r.destinations).toEqual([
      { id: 'a', kind: 'webhook', url: 'https://x.example', unsigned: true },
      { id: 'default-webhook', kind: 'webhook', url: 'http://127.0.0.1:9/hook', unsigned: true },
    ]);
  });
});

describe('issue 16: a webhook without a secret stops startup at once', () => {
  it.each([
    [
      'VAKT_WEBHOOK_URL without a secret',
      { webhookUrl: 'http://127.0.0.1:9/hook' },
      /VAKT_WEBHOOK_URL: a webhook needs a signing secret .*VAKT_WEBHOOK_UNSIGNED=true/,
    ],
  ])('%s', async (_name, opts, message) => {
    await expect(loadAlerting({ ...opts, env: {} })).rejects.toThrow(message);
  });

  it('names a file destination without secretEnv', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vakt-alerting-')), 'alerting.json');
    writeFileSync(file, JSON.stringify({ destinations: [{ id: 'ops', kind: 'webhook', url: 'https://x.example' }] }));
    await expect(loadAlerting({ file, env: {} })).rejects.toThrow(
      /"ops" in .*alerting\.json: a webhook needs a signing secret/,
    );
  });
});

describe('a route that names its watch as people write it', () => {
  const destinations = [{ id: 'komm', kind: 'slack', url: 'https://hooks.slack.example/x' }];
  const routesTo = (...watches: string[]) =>
    file({ destinations, routes: watches.map((watch) => ({ watch, to: ['komm'] })) });

  it('a display name is routed as the id the name gives, with a warning naming the file and the route', async () => {
    // Alerts carry `forsakringskassan`; the route as written ("Försäkringskassan") matched none of them, silently.
    const path = routesTo('Försäkringskassan', 'skatteverket');
    const r = await loadAlerting({ file: path, env: {} });
    expect(r.routes?.map((x) => x.watch)).toEqual(['forsakringskassan', 'skatteverket']);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain(
      `${path}: routes[0].watch "Försäkringskassan" is not a watch id: routed as "forsakringskassan"`,
    );
  });

  it('with the watches at hand, a name reaches the watch it names even when its id is not the one the name gives', async () => {
    const watches = [
      { id: 'fk', name: 'Försäkringskassan' },
      { id: 'skatteverket', name: 'Skatteverket' },
    ];
    const resolveWatch = (n: string) => watches.find((w) => w.id === n || w.name === n)?.id;
    const path = routesTo('Försäkringskassan', 'Skatteverket', 'fk', 'Tullverket');
    const r = await loadAlerting({ file: path, env: {}, resolveWatch });
    expect(r.routes?.map((x) => x.watch)).toEqual(['fk', 'skatteverket', 'fk', 'tullverket']);
    // One warning per rewritten route, and one for the route whose watch does not exist (yet).
    expect(r.warnings).toEqual([
      expect.stringContaining(
        'routes[0].watch "Försäkringskassan" is not a watch id: routed as "fk", the id of the watch it names',
      ),
      expect.stringContaining('routes[1].watch "Skatteverket" is not a watch id: routed as "skatteverket"'),
      expect.stringContaining('routes[3].watch "Tullverket" is not a watch id: routed as "tullverket"'),
      expect.stringContaining(`${path}: routes[3].watch "Tullverket": no watch has the id "tullverket" now`),
    ]);
  });

  it('an id the watches do not hold stays as written, with a warning', async () => {
    const r = await loadAlerting({ file: routesTo('ingen-sadan'), env: {}, resolveWatch: () => undefined });
    expect(r.routes?.[0]?.watch).toBe('ingen-sadan');
    expect(r.warnings).toEqual([
      expect.stringContaining('routes[0].watch "ingen-sadan": no watch has the id "ingen-sadan" now'),
    ]);
  });
});
