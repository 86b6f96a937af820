// Load test: N socket.io clients (default 200) on one dashboard process fed R mentions/s (default 500) for S seconds.
// Clients run in W worker threads (default 2) so the load generator is not the bottleneck on a 2-core machine.
// Prints delivery latency (mention created → client received; includes the 250 ms batching) and the server's CPU.
// Usage: pnpm --filter @vakt/dashboard load [clients] [rate] [seconds] [workers]. Loopback only; stops by itself.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';

const [clients = 200, rate = 500, seconds = 20, workers = 2] = process.argv.slice(2).map(Number);
const server = spawn(process.execPath, ['--conditions=@vakt/source', '--import', 'tsx', 'scripts/load-server.ts'], {
  env: { ...process.env, RATE: String(rate) },
  stdio: ['pipe', 'pipe', 'inherit'],
});
// If this script dies, the server must not outlive it.
process.on('exit', () => server.kill());
const lines = createInterface({ input: server.stdout! });
const next = (prefix: string) =>
  new Promise<string>((resolve) =>
    lines.on('line', (l) => l.startsWith(prefix) && resolve(l.slice(prefix.length + 1))),
  );
const [url, token] = (await next('READY')).split(' ') as [string, string];

type Msg = { type: 'ready' } | { type: 'done'; hist: Uint32Array; received: number; counted: number };
const pool = Array.from({ length: workers }, (_, i) => {
  const n = Math.floor(clients / workers) + (i < clients % workers ? 1 : 0);
  return new Worker(new URL('./load-clients.mjs', import.meta.url), { workerData: { url, token, n } });
});
const once = (w: Worker, type: Msg['type']) =>
  new Promise<Msg>((resolve, reject) => {
    w.on('message', (m: Msg) => m.type === type && resolve(m));
    w.once('error', reject);
  });
await Promise.all(pool.map((w) => once(w, 'ready')));
console.log(
  `${clients} clients connected in ${workers} worker threads; warming up 2 s, measuring ${seconds} s at ${rate} mentions/s`,
);
await new Promise((r) => setTimeout(r, 2000));
for (const w of pool) w.postMessage('start');
server.stdin!.write('mark\n');
await new Promise((r) => setTimeout(r, seconds * 1000));
const reported = next('REPORT'); // listen before asking: readline does not replay lines
server.stdin!.write('report\n');
const done = await Promise.all(
  pool.map((w) => {
    const p = once(w, 'done');
    w.postMessage('stop');
    return p;
  }),
);
const report = JSON.parse(await reported) as { cpuPct: number; wallMs: number; mentions: number; rssMb: number };
await Promise.all(pool.map((w) => w.terminate()));

const hist = new Float64Array(120_000);
let received = 0;
let counted = 0;
for (const d of done)
  if (d.type === 'done') {
    received += d.received;
    counted += d.counted;
    d.hist.forEach((c, i) => void (hist[i]! += c));
  }
const q = (p: number): number => {
  let seen = 0;
  for (let i = 0; i < hist.length; i++) if ((seen += hist[i]!) >= p * received) return i;
  return NaN;
};
console.log(
  JSON.stringify(
    {
      clients,
      rate,
      seconds,
      workers,
      producedMentions: report.mentions,
      // Counts cover every mention (charts stay exact); full mentions are capped per batch by design.
      countedPerClient: Math.round(counted / clients),
      fullMentionsPerClient: Math.round(received / clients),
      latencyMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1) },
      serverCpuPct: +report.cpuPct.toFixed(1),
      serverRssMb: +report.rssMb.toFixed(0),
    },
    null,
    2,
  ),
);
process.exit(0);
