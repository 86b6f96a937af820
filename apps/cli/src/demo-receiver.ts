import { createServer, type Server } from 'node:http';
import { verifyWebhook } from '@vakt/alerting/signing';

/**
 * A loopback webhook receiver for the demo, so a newcomer sees the on-call side too: it verifies the Standard
 * Webhooks signature (as a real receiver must) and prints one line per alert on stderr.
 */
export async function startDemoReceiver(
  port: number,
  secret: string,
  out: NodeJS.WritableStream,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
      );
      const verified = verifyWebhook([secret], headers, body, Date.now());
      if (!verified.ok) {
        out.write(`vakt demo webhook: REJECTED a delivery (${verified.reason})\n`);
        res.writeHead(401).end();
        return;
      }
      try {
        const payload = JSON.parse(body) as {
          status?: string;
          alerts?: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }>;
        };
        for (const a of payload.alerts ?? []) {
          out.write(
            `vakt demo webhook: ${a.status.toUpperCase()} [${a.labels['severity']}] ${a.labels['watch']}: ${a.annotations['summary'] ?? ''}\n`,
          );
        }
      } catch {
        out.write('vakt demo webhook: received a signed delivery that is not JSON\n');
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${bound}/hooks/vakt`, close: () => new Promise((r) => server.close(() => r())) };
}
