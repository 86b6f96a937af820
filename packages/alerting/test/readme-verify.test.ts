import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/signing.js';

type Verify = (secret: string, headers: Record<string, string>, rawBody: string, toleranceSec?: number) => boolean;

/** The receiver snippet users copy from the README, loaded as written (its own module, no Vakt imports). */
async function readmeVerifier(dir: string): Promise<Verify> {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const snippet = /^```js\n([\s\S]*?export function verifyVakt[\s\S]*?)^```/m.exec(readme)?.[1];
  if (!snippet) throw new Error('README.md: no ```js fence exporting verifyVakt');
  const file = join(dir, 'verify-vakt.mjs');
  writeFileSync(file, snippet);
  return ((await import(pathToFileURL(file).href)) as { verifyVakt: Verify }).verifyVakt;
}

describe('the README receiver snippet verifies what the alerter signs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vakt-readme-verify-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const body = '{"status":"firing","alerts":[{"labels":{"watch":"forsakringskassan"}}]}';
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it.each([
    // a delivery as sent now, with the whsec_ secret and with a plain one
    ['signed now (whsec_)', secret, () => ({ ...signWebhook([secret], 'id-1', body, Date.now()) }), body, true],
    [
      'signed now (plain secret)',
      'plain-secret',
      () => ({ ...signWebhook(['plain-secret'], 'id-1', body, Date.now()) }),
      body,
      true,
    ],
    // while keys rotate the sender signs with both; a receiver with only the old key accepts
    [
      'rotation, old key',
      'old-key',
      () => ({ ...signWebhook(['new-key', 'old-key'], 'id-1', body, Date.now()) }),
      body,
      true,
    ],
    // forgeries and replays are refused
    [
      'tampered body',
      secret,
      () => ({ ...signWebhook([secret], 'id-1', body, Date.now()) }),
      body.replace('firing', 'resolved'),
      false,
    ],
    ['wrong key', 'other', () => ({ ...signWebhook([secret], 'id-1', body, Date.now()) }), body, false],
    [
      'replayed 10 minutes later',
      secret,
      () => ({ ...signWebhook([secret], 'id-1', body, Date.now() - 600_000) }),
      body,
      false,
    ],
    ['headers missing', secret, () => ({}), body, false],
  ])('%s', async (_name, key, headers, received, expected) => {
    const verifyVakt = await readmeVerifier(dir);
    expect(verifyVakt(key, headers() as Record<string, string>, received)).toBe(expected);
  });
});
