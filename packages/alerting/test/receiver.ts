import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the local receiver got. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered with. */
  status: number;
}

/**
 * A real webhook receiver on 127.0.0.1 for tests: records every request, answers `status()` (settable: 503 while
 * "down"), and can hold responses (`hold = true`) to simulate a receiver that is slow mid-delivery.
 */
export async function startReceiver() {
  const received: Received[] = [];
  let status = 200;
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status,
      });
      for (const w of waiters.splice(0)) w();
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    setStatus(s: number) {
      status = s;
    },
    /** Accepted (2xx) deliveries, deduplicated by their idempotency key as a receiver should. */
    distinct(): Received[] {
      const seen = new Map<string, Received>();
      for (const r of received)
        if (r.status < 300 && !seen.has(String(r.headers['webhook-id']))) seen.set(String(r.headers['webhook-id']), r);
      return [...seen.values()];
    },
    /** How many 2xx answers each idempotency key got (exactly-once means all 1). */
    acceptedPerKey(): Map<string, number> {
      const m = new Map<string, number>();
      for (const r of received)
        if (r.status < 300) m.set(String(r.headers['webhook-id']), (m.get(String(r.headers['webhook-id'])) ?? 0) + 1);
      return m;
    },
    nextRequest(): Promise<void> {
      return new Promise((resolve) => waiters.push(resolve));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
