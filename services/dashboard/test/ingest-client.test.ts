import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestSourcesClient } from '../src/ingest-client.js';

const closers: Array<() => void> = [];
afterEach(() => {
  while (closers.length) closers.pop()!();
});

/** The ingest service's GET /v1/sources, behind a token. */
async function ingest(): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url !== '/v1/sources') return void res.writeHead(404).end();
    if (req.headers.authorization !== 'Bearer t0k')
      return void res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'VAKT_UNAUTHORIZED', message: 'missing or invalid API token' } }));
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ sources: [{ connector: 'rss', targets: [] }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => {
    server.close();
    server.closeAllConnections();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('ingestSourcesClient (distributed: the admin page reads the ingest service)', () => {
  it('reads the sources with the token, and names what went wrong otherwise', async () => {
    const url = await ingest();
    expect(await ingestSourcesClient(url, 't0k')()).toEqual([{ connector: 'rss', targets: [] }]);
    await expect(ingestSourcesClient(url, 'wrong')()).rejects.toThrow(
      'the ingest service answered 401: missing or invalid API token',
    );
    closers.pop()!();
    await new Promise((r) => setTimeout(r, 50));
    await expect(ingestSourcesClient(url, 't0k')()).rejects.toThrow(
      'the ingest service is unreachable; check VAKT_INGEST_URL',
    );
  });
});
