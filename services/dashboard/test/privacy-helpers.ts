import { createDashboardApp, type DashboardApp } from '../src/app.js';
import { createMemoryStore } from '../src/memory/store.js';
import { createMemoryAlerts } from '../src/memory/alerts.js';
import { createMemoryWatches } from '../src/memory/watches.js';
import { createMemoryUserStore, type Role } from '../src/auth/users.js';
import { createLocalFeed } from '../src/memory/feed.js';
import { hashPassword, hashToken } from '../src/auth/password.js';
import type { PrivacyActions } from '../src/deps.js';
import { captureLog, PASSWORD, T0 } from './helpers.js';

export interface PrivacyFixture {
  app: DashboardApp;
  log: ReturnType<typeof captureLog>;
  tokens: Record<Role, string>;
  clock: { now: number };
}

/**
 * The dashboard over in-memory parts plus the given `privacy` dependency (or none), with one user and one API token
 * per role. (helpers.ts's buildApp takes no extra deps; this mirrors it rather than changing a shared helper.)
 */
export async function buildPrivacyApp(privacy: PrivacyActions | undefined): Promise<PrivacyFixture> {
  const clock = { now: T0 };
  const now = () => clock.now;
  const users = createMemoryUserStore();
  const log = captureLog();
  const hash = await hashPassword(PASSWORD);
  const tokens = {} as Record<Role, string>;
  for (const role of ['viewer', 'editor', 'admin'] as const) {
    await users.createUser({ username: role, role, passwordHash: hash }, T0);
    tokens[role] = `vakt_test_${role}_token_0123456789`;
    await users.createToken({ name: role, role, tokenHash: hashToken(tokens[role]), createdBy: 'test' }, T0);
  }
  const app = createDashboardApp(
    {
      store: createMemoryStore(),
      live: createLocalFeed(),
      users,
      alerts: createMemoryAlerts(now),
      watches: createMemoryWatches(now, []),
      now,
      log,
      ...(privacy ? { privacy } : {}),
    },
    { publicUrl: 'http://127.0.0.1:3000', sessionSecret: 'x'.repeat(32), batchIntervalMs: 50 },
  );
  await app.ready();
  return { app, log, tokens, clock };
}
