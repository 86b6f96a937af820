import { describe, expect, it } from 'vitest';
import { checkDestinations, type Destination } from '../src/destinations.js';

const ok: Destination = { id: 'hook', kind: 'webhook', url: 'https://example.org/hook', unsigned: true };

describe('checkDestinations', () => {
  it.each([
    ['a valid webhook', [ok], [], []],
    ['duplicate ids', [ok, ok], [], ['destinations[1] (hook).id: duplicate id "hook"']],
    [
      'unknown kind',
      [{ ...ok, kind: 'email' as never }],
      [],
      ['destinations[0] (hook).kind: expected one of webhook|slack|teams|pagerduty|alertmanager, got "email"'],
    ],
    ['relative URL', [{ ...ok, url: '/hook' }], [], ['destinations[0] (hook).url: expected an absolute http(s) URL']],
    [
      'file URL',
      [{ ...ok, url: 'file:///etc/passwd' }],
      [],
      ['destinations[0] (hook).url: expected http or https, got file:'],
    ],
    [
      'PagerDuty without key',
      [{ ...ok, kind: 'pagerduty' as const }],
      [],
      ['destinations[0] (hook).routingKey: required for pagerduty (the integration key)'],
    ],
    [
      'route to an unknown destination',
      [ok],
      [{ to: ['hook', 'slack'] }],
      ['routes[0].to: unknown destination "slack"'],
    ],
  ])('%s', (_name, dests, routes, problems) => {
    expect(checkDestinations(dests as Destination[], routes)).toEqual(problems);
  });
});

describe('issue 16: unsigned webhooks are explicit', () => {
  it.each([
    // A webhook without a secret and without unsigned: true is refused, naming both ways out.
    [
      'no secret, no unsigned',
      { id: 'h', kind: 'webhook', url: 'https://x.example' },
      [/destinations\[0\] \(h\)\.secrets: a webhook needs a signing secret .* or unsigned: true/],
    ],
    // unsigned: true is the explicit choice.
    ['unsigned: true', { id: 'h', kind: 'webhook', url: 'https://x.example', unsigned: true }, []],
    // A signed webhook is fine.
    ['signed', { id: 'h', kind: 'webhook', url: 'https://x.example', secrets: ['whsec_eA=='] }, []],
    // Both at once is a contradiction, not a silent pick.
    [
      'both',
      { id: 'h', kind: 'webhook', url: 'https://x.example', secrets: ['whsec_eA=='], unsigned: true },
      [/unsigned: contradicts its secrets/],
    ],
    // Slack authenticates by its URL; no signature expected.
    ['slack without secret', { id: 's', kind: 'slack', url: 'https://hooks.example/x' }, []],
  ])('%s', (_name, dest, want) => {
    const problems = checkDestinations([dest as Destination]);
    expect(problems).toHaveLength(want.length);
    want.forEach((re, i) => expect(problems[i]).toMatch(re));
  });
});
