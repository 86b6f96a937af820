import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com, spec "Signature scheme"): headers `webhook-id`,
 * `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256(secret, "id.timestamp.body")>`.
 * Several space-separated signatures are sent while keys rotate, so receivers holding either key verify.
 * Secrets are given as `whsec_<base64>` (the spec's form) or as raw strings (used as UTF-8 bytes).
 */

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

function keyBytes(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

function sign1(secret: string, id: string, ts: string, body: string): string {
  return createHmac('sha256', keyBytes(secret)).update(`${id}.${ts}.${body}`).digest('base64');
}

/** Signs `body` with every secret (current first, then the ones being rotated out). `nowMs` is the send time. */
export function signWebhook(secrets: readonly string[], id: string, body: string, nowMs: number): SignedHeaders {
  if (secrets.length === 0) throw new Error('signWebhook needs at least one secret');
  const ts = String(Math.floor(nowMs / 1000));
  return {
    'webhook-id': id,
    'webhook-timestamp': ts,
    'webhook-signature': secrets.map((s) => `v1,${sign1(s, id, ts, body)}`).join(' '),
  };
}

export type VerifyResult =
  { ok: true } | { ok: false; reason: 'missing-headers' | 'timestamp-too-old' | 'timestamp-too-new' | 'bad-signature' };

/**
 * Verifies a delivery: any `v1` signature matching any of `secrets` passes, and the timestamp must be within
 * `toleranceSec` (default 300 s) of `nowMs`, which rejects replays. `body` must be the raw request body bytes.
 */
export function verifyWebhook(
  secrets: readonly string[],
  headers: Record<string, string | string[] | undefined>,
  body: string | Buffer,
  nowMs: number,
  toleranceSec = 300,
): VerifyResult {
  const h = (k: string): string | undefined => {
    const v = headers[k] ?? headers[k.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = h('webhook-id');
  const ts = h('webhook-timestamp');
  const sig = h('webhook-signature');
  if (!id || !ts || !sig || !/^\d+$/.test(ts)) return { ok: false, reason: 'missing-headers' };
  const age = nowMs / 1000 - Number(ts);
  if (age > toleranceSec) return { ok: false, reason: 'timestamp-too-old' };
  if (age < -toleranceSec) return { ok: false, reason: 'timestamp-too-new' };
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const offered = sig
    .split(' ')
    .filter((p) => p.startsWith('v1,'))
    .map((p) => Buffer.from(p.slice(3), 'base64'));
  for (const s of secrets) {
    const expected = Buffer.from(sign1(s, id, ts, text), 'base64');
    if (offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected))) return { ok: true };
  }
  return { ok: false, reason: 'bad-signature' };
}
