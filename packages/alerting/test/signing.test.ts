import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../src/signing.js';

describe('Standard Webhooks signing', () => {
  it('reproduces the published Standard Webhooks test vector', () => {
    const h = signWebhook(
      ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      '{"test": 2432232314}',
      1614265330_000,
    );
    expect(h).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  const now = Date.parse('2026-01-05T09:00:00Z');
  const body = '{"status":"firing"}';
  const cases: Array<[string, () => ReturnType<typeof verifyWebhook>, ReturnType<typeof verifyWebhook>]> = [
    [
      'a signed delivery verifies',
      () => verifyWebhook(['s1'], signWebhook(['s1'], 'id1', body, now), body, now),
      { ok: true },
    ],
    // Rotation: the sender signs with new and old; a receiver still holding only the old key accepts.
    [
      'rotation: old key still verifies',
      () => verifyWebhook(['old'], signWebhook(['new', 'old'], 'id1', body, now), body, now),
      { ok: true },
    ],
    [
      'rotation: new key verifies',
      () => verifyWebhook(['new'], signWebhook(['new', 'old'], 'id1', body, now), body, now),
      { ok: true },
    ],
    [
      'a tampered body is a forgery',
      () => verifyWebhook(['s1'], signWebhook(['s1'], 'id1', body, now), body.replace('firing', 'resolved'), now),
      { ok: false, reason: 'bad-signature' },
    ],
    [
      'a wrong key is a forgery',
      () => verifyWebhook(['other'], signWebhook(['s1'], 'id1', body, now), body, now),
      { ok: false, reason: 'bad-signature' },
    ],
    [
      'a changed id is a forgery',
      () => verifyWebhook(['s1'], { ...signWebhook(['s1'], 'id1', body, now), 'webhook-id': 'id2' }, body, now),
      { ok: false, reason: 'bad-signature' },
    ],
    // Replays: a captured delivery re-sent 10 minutes later is rejected by the timestamp tolerance.
    [
      'a replay after 10 minutes is rejected',
      () => verifyWebhook(['s1'], signWebhook(['s1'], 'id1', body, now), body, now + 600_000),
      { ok: false, reason: 'timestamp-too-old' },
    ],
    [
      'a timestamp from the future is rejected',
      () => verifyWebhook(['s1'], signWebhook(['s1'], 'id1', body, now + 600_000), body, now),
      { ok: false, reason: 'timestamp-too-new' },
    ],
    [
      'missing headers are rejected',
      () => verifyWebhook(['s1'], {}, body, now),
      { ok: false, reason: 'missing-headers' },
    ],
  ];
  it.each(cases)('%s', (_name, run, expected) => {
    expect(run()).toEqual(expected);
  });

  it('needs at least one secret to sign', () => {
    expect(() => signWebhook([], 'id', body, now)).toThrow();
  });
});
