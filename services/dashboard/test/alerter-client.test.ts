import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerterClient } from '../src/alerter-client.js';
import { alert } from './helpers.js';

// The dashboard's door to the alerter's operator API (distributed mode), against a local HTTP server: valid answers
// pass, a malformed one is refused with a clear error instead of reaching the page, 404 maps to VAKT_NOT_FOUND.
let server: Server;
let base = '';
const answers = new Map<string, { status: number; body: unknown }>();
const seen: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      const a = answers.get(`${req.method} ${req.url!.split('?')[0]}`) ?? {
        status: 404,
        body: { error: { code: 'VAKT_NOT_FOUND', message: 'no alert with fingerprint x' } },
      };
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('alerterClient', () => {
  it('passes valid operator state through and sends the token and the action', async () => {
    const a = alert();
    answers.set(`POST /v1/alerts/${a.fingerprint}/ack`, {
      status: 200,
      body: { alert: a, acknowledgedBy: 'anna', acknowledgedAt: '2026-11-23T10:00:00.000Z' },
    });
    const state = await alerterClient(base, 'tok').ack(a.fingerprint, 'anna', 'looking');
    expect(state).toMatchObject({ acknowledgedBy: 'anna', alert: { fingerprint: a.fingerprint } });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', auth: 'Bearer tok' });
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ by: 'anna', comment: 'looking' });
  });

  it('refuses a malformed answer with an error naming the wire format', async () => {
    answers.set('GET /v1/alerts', { status: 200, body: [{ alert: { fingerprint: 1 } }] });
    await expect(alerterClient(base, '').list({ limit: 10 })).rejects.toMatchObject({
      code: 'VAKT_INTERNAL',
      message: expect.stringContaining('AlertStateList'),
    });
  });

  it('maps 404 to VAKT_NOT_FOUND', async () => {
    await expect(alerterClient(base, '').get('nope')).rejects.toMatchObject({ code: 'VAKT_NOT_FOUND' });
  });
});
