// Standalone entry (`node dist/standalone.js`): wires the dashboard over in-memory implementations (users persisted to a JSON file). `vakt up`
// and the distributed deployment wire @vakt/store, @vakt/alerting and @vakt/watch instead, and feed `live` from the
// bus with a consumer group unique to this process (see README.md, "Scaling").
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDashboardApp } from './app.js';
import { createMemoryUserStore } from './auth/users.js';
import { createMemoryStore } from './memory/store.js';
import { createMemoryAlerts } from './memory/alerts.js';
import { createMemoryWatches } from './memory/watches.js';
import { createLocalFeed } from './memory/feed.js';
import { demoAlert, demoMention, rng } from './memory/demo.js';
import type { Logger } from './deps.js';

const env = process.env;
const log: Logger = {
  debug: () => undefined,
  info: (o, m) => console.log(JSON.stringify({ level: 'info', msg: m, ...o })),
  warn: (o, m) => console.warn(JSON.stringify({ level: 'warn', msg: m, ...o })),
  error: (o, m) => console.error(JSON.stringify({ level: 'error', msg: m, ...o })),
};
const port = Number(env.VAKT_DASHBOARD_PORT ?? 8080);
const host = env.VAKT_DASHBOARD_HOST ?? '127.0.0.1';
const publicUrl = env.VAKT_PUBLIC_URL ?? `http://${host}:${port}`;
const sessionSecret = env.VAKT_SESSION_SECRET ?? randomBytes(32).toString('base64url');
if (!env.VAKT_SESSION_SECRET) log.warn({}, 'VAKT_SESSION_SECRET not set: sessions end at restart and cannot span processes');

const now = () => Date.now();
const store = createMemoryStore();
const alerts = createMemoryAlerts(now);
const feed = createLocalFeed();
feed.onMention((m) => store.add(m));
feed.onAlert((a) => void alerts.record(a));
const webRoot = env.VAKT_WEB_ROOT ?? join(dirname(createRequire(import.meta.url).resolve('@vakt/web/package.json')), 'dist');

const app = createDashboardApp(
  {
    store, live: feed, alerts, now, log,
    users: createMemoryUserStore({ file: env.VAKT_USERS_FILE ?? '.vakt-data/dashboard-users.json' }),
    watches: createMemoryWatches(now, [
      { id: 'kassan', name: 'Kassan', query: 'kassan OR fakturan OR appen', entities: [{ name: 'faktura', kind: 'touchpoint', query: 'faktura' }, { name: 'appen', kind: 'service', query: 'appen' }], owners: ['kommunikation'], routes: ['slack'], retentionDays: 365, updatedAt: new Date().toISOString(), updatedBy: 'seed' },
    ]),
  },
  { publicUrl, sessionSecret, webRoot, bootstrapAdmin: { username: env.VAKT_ADMIN_USER ?? 'admin', ...(env.VAKT_ADMIN_PASSWORD ? { password: env.VAKT_ADMIN_PASSWORD } : {}) } },
);

// Demo mode: a synthetic stream so the dashboard can be tried without Kafka (VAKT_DASHBOARD_DEMO=<mentions/s>).
const demoRate = Number(env.VAKT_DASHBOARD_DEMO ?? 0);
if (demoRate > 0) {
  const r = rng(7);
  for (let i = 0; i < 3000; i++) store.add(demoMention('kassan', now() - r() * 2 * 3_600_000, r));
  const t = setInterval(() => {
    for (let i = 0; i < demoRate / 4; i++) feed.pushMention(demoMention('kassan', now(), r));
    if (r() < 0.005) feed.pushAlert(demoAlert('kassan', now(), []));
  }, 250);
  t.unref();
}

await import('node:fs').then((fs) => fs.mkdirSync('.vakt-data', { recursive: true }));
const address = await app.start(port, host);
log.info({ address, publicUrl }, 'dashboard listening');
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => void app.stop(10_000).then(() => process.exit(0)));
}
