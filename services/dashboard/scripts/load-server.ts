// The server side of the load test: the real dashboard app over in-memory deps, fed `RATE` synthetic mentions/s in
// 50 ms ticks. Reports its own CPU between "mark" and "report" commands on stdin. Listens on 127.0.0.1 only.
import { createInterface } from 'node:readline';
import { createDashboardApp } from '../src/app.js';
import { createMemoryStore } from '../src/memory/store.js';
import { createMemoryAlerts } from '../src/memory/alerts.js';
import { createMemoryWatches } from '../src/memory/watches.js';
import { createMemoryUserStore } from '../src/auth/users.js';
import { createLocalFeed } from '../src/memory/feed.js';
import { demoScoredMention as demoMention } from '@vakt/demo/scored';
import { rng } from '@vakt/random/mulberry32';
import { hashToken } from '../src/auth/password.js';

const rate = Number(process.env.RATE ?? 500);
const now = () => Date.now();
const users = createMemoryUserStore();
const token = 'vakt_load_test_token_0123456789';
await users.createToken({ name: 'load', role: 'viewer', tokenHash: hashToken(token), createdBy: 'load' }, now());
const feed = createLocalFeed();
const quiet = { info() {}, warn() {}, error: (o: object, m?: string) => console.error(m, o) };
const app = createDashboardApp(
  {
    store: createMemoryStore({ capacity: 10_000 }),
    live: feed,
    users,
    alerts: createMemoryAlerts(now),
    watches: createMemoryWatches(now),
    now,
    log: quiet,
  },
  {
    publicUrl: 'http://127.0.0.1',
    sessionSecret: 'l'.repeat(32),
    rateLimitPerMinute: 100_000,
    ...(process.env.MAX_PER_BATCH ? { maxMentionsPerBatch: Number(process.env.MAX_PER_BATCH) } : {}),
    listen: { port: 0, host: '127.0.0.1' },
  },
);
await app.start();
const url = app.url();
const r = rng(1);
let sent = 0;
const started = now();
// Tick every 50 ms and catch up to the target so timer jitter does not lower the rate.
const tick = setInterval(() => {
  const due = Math.floor(((now() - started) / 1000) * rate);
  for (; sent < due; sent++) feed.pushMention(demoMention('kassan', now(), r));
}, 50);
let mark = { cpu: process.cpuUsage(), at: now(), sent: 0 };
console.log(`READY ${url} ${token}`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'mark') mark = { cpu: process.cpuUsage(), at: now(), sent };
  if (line === 'report') {
    const cpu = process.cpuUsage(mark.cpu);
    const wall = now() - mark.at;
    console.log(
      `REPORT ${JSON.stringify({ cpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100, wallMs: wall, mentions: sent - mark.sent, rssMb: process.memoryUsage().rss / 2 ** 20 })}`,
    );
    clearInterval(tick);
    await app.stop(2000);
    process.exit(0);
  }
}
// stdin closed without "report": the driver died; do not linger.
process.exit(1);
