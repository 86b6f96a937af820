import { describe, expect, it } from 'vitest';
import { AlertLifecycle, fingerprint, type FireInput } from '../src/lifecycle.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');
const MIN = 60_000;
const input = (over: Partial<FireInput> = {}): FireInput => ({
  watch: 'tk',
  series: 'negative_count',
  window: '1m',
  severity: 'warning',
  summary: 's',
  evidence: { window: '1m', observed: 10, expected: 2, score: 0.7, topMentions: [], surgingTerms: [] },
  generatorURL: 'http://x',
  ...over,
});

type Step = [at: number, act: (l: AlertLifecycle) => unknown, expect: unknown];

describe('AlertLifecycle timelines', () => {
  const timelines: Array<[string, Step[]]> = [
    [
      // 1 fire → notified; 2 fire again while firing → update, no page; 3 resolve → notified; 4 resolve again → nothing
      'one storm: fire, refresh, resolve',
      [
        [0, (l) => l.fire(input()), { kind: 'firing', notify: true }],
        [2, (l) => l.fire(input()), { kind: 'updated', notify: false }],
        [30, (l) => l.resolve(fingerprint(input())), { kind: 'resolved', notify: true }],
        [31, (l) => l.resolve(fingerprint(input())), undefined],
      ],
    ],
    [
      // Escalation warning → critical is paged even though the alert is already firing.
      'escalation is notified',
      [
        [0, (l) => l.fire(input()), { kind: 'firing', notify: true }],
        [5, (l) => l.fire(input({ severity: 'critical' })), { kind: 'firing', notify: true }],
      ],
    ],
    [
      // An ack suppresses the escalation page until it expires.
      'ack suppresses re-notification',
      [
        [0, (l) => l.fire(input()), { kind: 'firing', notify: true }],
        [1, (l) => l.ack(fingerprint(input()), 'anna', T0 + 60 * MIN), true],
        [5, (l) => l.fire(input({ severity: 'critical' })), { kind: 'firing', notify: false, suppressedBy: 'ack' }],
      ],
    ],
    [
      // A silence mutes the watch until it ends; afterwards a new storm pages again.
      'silence per watch, for a time',
      [
        [0, (l) => l.silence('tk', T0 + 30 * MIN), undefined],
        [1, (l) => l.fire(input()), { kind: 'firing', notify: false, suppressedBy: 'silence' }],
        [2, (l) => l.fire(input({ watch: 'other' })), { kind: 'firing', notify: true }],
        [10, (l) => l.resolve(fingerprint(input())), { kind: 'resolved', notify: false, suppressedBy: 'silence' }],
        [40, (l) => l.fire(input()), { kind: 'firing', notify: true }],
      ],
    ],
    [
      // Group by watch: share and reach lift with the count in one storm → one page; an escalation pages again; the
      // grouped series resolve silently, the paged one resolves with a notification.
      'several series of one storm are one page',
      [
        [0, (l) => l.fire(input()), { kind: 'firing', notify: true }],
        [
          1,
          (l) => l.fire(input({ series: 'negative_share' })),
          { kind: 'firing', notify: false, suppressedBy: 'group' },
        ],
        [
          2,
          (l) => l.fire(input({ series: 'reach_negativity', severity: 'critical' })),
          { kind: 'firing', notify: true },
        ],
        [
          20,
          (l) => l.resolve(fingerprint(input({ series: 'negative_share' }))),
          { kind: 'resolved', notify: false, suppressedBy: 'group' },
        ],
        [21, (l) => l.resolve(fingerprint(input())), { kind: 'resolved', notify: true }],
        [22, (l) => l.fire(input({ watch: 'other', series: 'negative_share' })), { kind: 'firing', notify: true }],
      ],
    ],
    [
      // One page per storm across series, even when they take turns: the paged count resolves (1-2), the share
      // lifts 20 minutes later in the same storm (3: grouped, the storm gap is 60 minutes); once the watch has been
      // quiet for longer than the gap, the next fire is a new storm and pages (5).
      'series that take turns in one storm are still one page',
      [
        [0, (l) => l.fire(input()), { kind: 'firing', notify: true }],
        [15, (l) => l.resolve(fingerprint(input())), { kind: 'resolved', notify: true }],
        [
          35,
          (l) => l.fire(input({ series: 'negative_share' })),
          { kind: 'firing', notify: false, suppressedBy: 'group' },
        ],
        [
          50,
          (l) => l.resolve(fingerprint(input({ series: 'negative_share' }))),
          { kind: 'resolved', notify: false, suppressedBy: 'group' },
        ],
        [111, (l) => l.fire(input({ series: 'velocity' })), { kind: 'firing', notify: true }],
      ],
    ],
    [
      // A storm after a resolved one is a new alert with a new startsAt, same fingerprint.
      'resolved then fired again is a new notification',
      [
        [0, (l) => l.fire(input()), { kind: 'firing', alert: { startsAt: new Date(T0).toISOString() } }],
        [
          20,
          (l) => l.resolve(fingerprint(input())),
          { kind: 'resolved', alert: { endsAt: new Date(T0 + 20 * MIN).toISOString() } },
        ],
        [
          90,
          (l) => l.fire(input()),
          { kind: 'firing', notify: true, alert: { startsAt: new Date(T0 + 90 * MIN).toISOString() } },
        ],
      ],
    ],
  ];

  it.each(timelines)('%s', (_name, steps) => {
    let now = T0;
    const l = new AlertLifecycle(() => now);
    for (const [at, act, expected] of steps) {
      now = T0 + at * MIN;
      const got = act(l);
      if (expected === undefined) expect(got).toBeUndefined();
      else if (typeof expected === 'object') expect(got).toMatchObject(expected as object);
      else expect(got).toBe(expected);
    }
  });

  it('fingerprints are stable and differ by watch, series and window', () => {
    const a = fingerprint({ watch: 'tk', series: 'negative_count', window: '1m' });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint({ watch: 'tk', series: 'negative_count', window: '1m' })).toBe(a);
    expect(
      new Set([
        a,
        fingerprint({ watch: 'tk2', series: 'negative_count', window: '1m' }),
        fingerprint({ watch: 'tk', series: 'negative_share', window: '1m' }),
        fingerprint({ watch: 'tk', series: 'negative_count', window: '5m' }),
      ]).size,
    ).toBe(4);
  });

  it('restores state from a snapshot so a restart does not page again', () => {
    let now = T0;
    const a = new AlertLifecycle(() => now);
    a.fire(input());
    a.silence('muted', T0 + 60 * MIN);
    const b = new AlertLifecycle(() => now);
    b.restore(a.snapshot());
    now += MIN;
    expect(b.fire(input())).toMatchObject({ kind: 'updated', notify: false });
    expect(b.silencedUntil('muted')).toBe(T0 + 60 * MIN);
    // The restored storm is still open: another series of it is grouped, not paged again.
    expect(b.fire(input({ series: 'negative_share' }))).toMatchObject({
      kind: 'firing',
      notify: false,
      suppressedBy: 'group',
    });
  });

  it('the storm gap is a setting: with a 5-minute gap a fire 10 minutes after the storm ended pages again', () => {
    let now = T0;
    const l = new AlertLifecycle(() => now, { stormGapMs: 5 * MIN });
    expect(l.fire(input())).toMatchObject({ notify: true });
    now += 10 * MIN;
    l.resolve(fingerprint(input()));
    now += 4 * MIN;
    expect(l.fire(input({ series: 'negative_share' }))).toMatchObject({ notify: false, suppressedBy: 'group' });
    l.resolve(fingerprint(input({ series: 'negative_share' })));
    now += 10 * MIN;
    expect(l.fire(input({ series: 'reach_negativity' }))).toMatchObject({ notify: true });
  });
});

describe('AlertLifecycle with event time', () => {
  it('a replayed fire older than the resolution is not a new storm', () => {
    let now = T0 + 120 * MIN;
    const l = new AlertLifecycle(() => now);
    const first = l.fire(input({ at: T0 + 10 * MIN }));
    expect(first.alert.startsAt).toBe(new Date(T0 + 10 * MIN).toISOString());
    expect(l.resolve(fingerprint(input()), T0 + 40 * MIN)?.alert.endsAt).toBe(new Date(T0 + 40 * MIN).toISOString());
    now += MIN;
    // The same input replayed after a restart: fires again at the same event time.
    expect(l.fire(input({ at: T0 + 10 * MIN }))).toMatchObject({
      kind: 'updated',
      notify: false,
      alert: { status: 'resolved' },
    });
    // A fire 50 minutes after the resolution is still the same storm (storm gap 60 minutes): recorded, not paged.
    expect(l.fire(input({ at: T0 + 90 * MIN }))).toMatchObject({
      kind: 'firing',
      notify: false,
      suppressedBy: 'group',
    });
    l.resolve(fingerprint(input()), T0 + 95 * MIN);
    // A genuinely later storm (more than the gap after the last activity, in event time) pages.
    expect(l.fire(input({ at: T0 + 160 * MIN }))).toMatchObject({ kind: 'firing', notify: true });
  });
});
