import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ConfigSpec } from '@vakt/config/spec';
import { backoffDelay } from '@vakt/retry/backoff';
import { sleep } from '@vakt/retry/sleep';
import { CommandExit, loadCommandConfig, type CommandIo } from '@vakt/runtime/command';

const spec = {
  url: {
    env: 'VAKT_INGEST_URL',
    flag: '--url',
    type: 'url',
    default: 'http://127.0.0.1:8081',
    description: 'Ingest endpoint base URL (`vakt up` serves it on PORT+1; a distributed ingest service on its PORT).',
  },
  token: {
    env: 'VAKT_INGEST_TOKEN',
    flag: '--token',
    type: 'secret',
    description: 'API token for the ingest endpoint, if it requires one.',
  },
  batchSize: {
    env: 'VAKT_REPLAY_BATCH',
    flag: '--batch-size',
    type: 'int',
    default: 500,
    min: 1,
    max: 10000,
    description: 'Mentions per request.',
  },
} satisfies ConfigSpec;

interface Totals {
  sent: number;
  accepted: number;
  rejected: number;
  dropped: number;
  reasons: Map<string, number>;
}

/**
 * `vakt replay FILE.jsonl`: pushes a file of mentions through the ingest door (the same validation and watch
 * matching as live traffic), with a progress bar on stderr and an honest summary. A request the server could not
 * make durable (503) is retried with backoff; nothing is counted as sent until the server accepted it.
 */
export async function replayCommand(io: CommandIo): Promise<number> {
  const { config, positionals } = loadCommandConfig(
    io,
    spec,
    'vakt replay FILE.jsonl [options]',
    'Push a JSONL file of mentions into the pipeline through the ingest API.',
  );
  const file = positionals[0];
  if (!file) {
    io.stderr.write('vakt replay: give the JSONL file to replay (see --help)\n');
    throw new CommandExit(2);
  }
  const size = (await stat(file)).size;
  const totals: Totals = { sent: 0, accepted: 0, rejected: 0, dropped: 0, reasons: new Map() };
  let bytesRead = 0;
  let batch: string[] = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const progress = (): void => {
    const pct = size === 0 ? 100 : Math.min(100, Math.round((bytesRead / size) * 100));
    const bar = '#'.repeat(Math.round(pct / 5)).padEnd(20, '.');
    io.stderr.write(
      `\r[${bar}] ${pct}% sent ${totals.sent} accepted ${totals.accepted} rejected ${totals.rejected} dropped ${totals.dropped}`,
    );
  };
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const body = batch.join('\n');
    const count = batch.length;
    batch = [];
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(new URL('/v1/mentions', config.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-ndjson',
          ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
        },
        body,
      }).catch((e: Error) => ({ status: 0, json: async () => ({ error: { message: e.message } }) }) as const);
      // 422: every mention of the batch was rejected; the body is the same summary, with each reason.
      if (res.status === 202 || res.status === 422) {
        const r = (await res.json()) as {
          accepted: number;
          rejected: Array<{ code: string; reason: string }>;
          dropped: Record<string, number>;
        };
        totals.sent += count;
        totals.accepted += r.accepted;
        totals.rejected += r.rejected.length;
        const tally = (key: string, n: number): void =>
          void totals.reasons.set(key, (totals.reasons.get(key) ?? 0) + n);
        // Group reasons without their line numbers, so the summary says "12 × missing text", not 12 lines.
        for (const x of r.rejected) tally(x.reason.replace(/^line \d+: /, ''), 1);
        for (const [reason, n] of Object.entries(r.dropped)) {
          totals.dropped += n;
          tally(`dropped: ${reason}`, n);
        }
        return;
      }
      const detail = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      if ((res.status === 0 || res.status >= 500 || res.status === 429) && attempt < 8) {
        await sleep(backoffDelay(attempt + 1, { initialMs: 250, maxMs: 10_000 }));
        continue;
      }
      io.stderr.write(
        `\nvakt replay: the server refused a batch (HTTP ${res.status}): ${detail.error?.message ?? 'no detail'}\n`,
      );
      throw new CommandExit(1);
    }
  };
  for await (const line of lines) {
    bytesRead += Buffer.byteLength(line) + 1;
    if (line.trim() === '') continue;
    batch.push(line);
    if (batch.length >= config.batchSize) {
      await flush();
      progress();
    }
  }
  await flush();
  progress();
  io.stderr.write('\n');
  const summary = {
    file,
    sent: totals.sent,
    accepted: totals.accepted,
    rejected: totals.rejected,
    dropped: totals.dropped,
    reasons: Object.fromEntries(totals.reasons),
  };
  io.stderr.write(`${JSON.stringify(summary, null, 2)}\n`);
  return totals.rejected > 0 ? 1 : 0;
}
