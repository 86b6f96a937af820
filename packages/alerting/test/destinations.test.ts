import { describe, expect, it } from 'vitest';
import { checkDestinations, type Destination } from '../src/destinations.js';

const ok: Destination = { id: 'hook', kind: 'webhook', url: 'https://example.org/hook' };

describe('checkDestinations', () => {
  it.each([
    ['a valid webhook', [ok], [], []],
    ['duplicate ids', [ok, ok], [], ['destinations[1] (hook).id: duplicate id "hook"']],
    ['unknown kind', [{ ...ok, kind: 'email' as never }], [], ['destinations[0] (hook).kind: expected one of webhook|slack|teams|pagerduty|alertmanager, got "email"']],
    ['relative URL', [{ ...ok, url: '/hook' }], [], ['destinations[0] (hook).url: expected an absolute http(s) URL']],
    ['file URL', [{ ...ok, url: 'file:///etc/passwd' }], [], ['destinations[0] (hook).url: expected http or https, got file:']],
    ['PagerDuty without key', [{ ...ok, kind: 'pagerduty' as const }], [], ['destinations[0] (hook).routingKey: required for pagerduty (the integration key)']],
    ['route to an unknown destination', [ok], [{ to: ['hook', 'slack'] }], ['routes[0].to: unknown destination "slack"']],
  ])('%s', (_name, dests, routes, problems) => {
    expect(checkDestinations(dests as Destination[], routes)).toEqual(problems);
  });
});
