import type { ScoredMention } from '@vakt/schema/scored-mention';
import type { Alert } from '@vakt/schema/alert';
import { createDashboardApp, type DashboardApp } from '../src/app.js';
import { createMemoryStore } from '../src/memory/store.js';
import { createMemoryAlerts } from '../src/memory/alerts.js';
import { createMemoryWatches } from '../src/memory/watches.js';
import { createMemoryUserStore, type Role } from '../src/auth/users.js';
import { createLocalFeed } from '../src/memory/feed.js';
import { hashPassword, hashToken } from '../src/auth/password.js';
import type { DashboardDeps, DashboardOptions, Logger } from '../src/deps.js';

export const T0 = Date.parse('2026-11-23T10:00:00Z');
export const PASSWORD = 'correct horse battery staple';

/** Captures log calls so tests can assert what was (and was not) logged. */
export function captureLog(): Logger & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

let seq = 0;
/** A valid ScoredMention; `over` replaces any field. */
export function mention(over: Partial<ScoredMention> = {}, watch = 'kassan'): ScoredMention {
  seq += 1;
  return {
    schemaVersion: 1,
    id: `m${seq}`,
    source: 'x',
    text: 'Fakturan från Kassan är inte bra alls',
    created_at: new Date(T0 - 60_000).toISOString(),
    ingested_at: new Date(T0 - 59_000).toISOString(),
    matches: [{ watch, entities: ['faktura'] }],
    author: { handle: 'anna', followers: 100 },
    sentiment: {
      label: 'negative',
      score: -0.6,
      confidence: 0.8,
      lang: 'sv',
      p_neg: 0.7,
      p_neu: 0.2,
      p_pos: 0.1,
      model: 'combined',
      disagreement: false,
      explanation: [
        { start: 24, end: 28, contribution: 0.3, rules: ['negation'] },
        { start: 29, end: 32, contribution: -0.6, rules: ['lexicon'] },
      ],
    },
    scored_at: new Date(T0 - 58_000).toISOString(),
    ...over,
  };
}

export function alert(over: Partial<Alert> = {}): Alert {
  return {
    schemaVersion: 1,
    fingerprint: 'fp1',
    status: 'firing',
    startsAt: new Date(T0 - 120_000).toISOString(),
    updatedAt: new Date(T0 - 120_000).toISOString(),
    labels: {
      alertname: 'NegativeSurge',
      watch: 'kassan',
      series: 'negative_share',
      window: '5m',
      severity: 'critical',
    },
    annotations: { summary: 'Negative share surged on Kassan' },
    evidence: {
      window: '5m',
      observed: 0.62,
      expected: 0.18,
      score: 0.97,
      topMentions: [],
      surgingTerms: [{ term: 'fakturan', weight: 4.2 }],
    },
    generatorURL: 'http://127.0.0.1/#/alerts/fp1',
    ...over,
  };
}

export interface Fixture {
  app: DashboardApp;
  store: ReturnType<typeof createMemoryStore>;
  alerts: ReturnType<typeof createMemoryAlerts>;
  feed: ReturnType<typeof createLocalFeed>;
  users: ReturnType<typeof createMemoryUserStore>;
  log: ReturnType<typeof captureLog>;
  clock: { now: number };
  tokens: Record<Role, string>;
}

/** Builds the app over in-memory implementations with one user and one API token per role. */
export async function buildApp(
  opts: Partial<DashboardOptions> = {},
  extraDeps: Partial<DashboardDeps> = {},
): Promise<Fixture> {
  const clock = { now: T0 };
  const now = () => clock.now;
  const store = createMemoryStore();
  const alerts = createMemoryAlerts(now);
  const feed = createLocalFeed();
  const users = createMemoryUserStore();
  const log = captureLog();
  const watches = createMemoryWatches(now, [
    {
      id: 'kassan',
      name: 'Kassan',
      query: 'kassan OR fakturan',
      entities: [{ name: 'faktura', kind: 'touchpoint', query: 'faktura' }],
      owners: ['comms'],
      routes: ['slack'],
      retentionDays: 365,
      updatedAt: new Date(T0).toISOString(),
      updatedBy: 'seed',
    },
  ]);
  const hash = await hashPassword(PASSWORD);
  const tokens = {} as Record<Role, string>;
  for (const role of ['viewer', 'editor', 'admin'] as const) {
    await users.createUser({ username: role, role, passwordHash: hash }, T0);
    tokens[role] = `vakt_test_${role}_token_0123456789`;
    await users.createToken({ name: role, role, tokenHash: hashToken(tokens[role]), createdBy: 'test' }, T0);
  }
  const app = createDashboardApp(
    { store, live: feed, users, alerts, watches, now, log, ...extraDeps },
    { publicUrl: 'http://127.0.0.1:3000', sessionSecret: 'x'.repeat(32), batchIntervalMs: 50, ...opts },
  );
  await app.ready();
  return { app, store, alerts, feed, users, log, clock, tokens };
}

/** Logs in through the API; returns headers for later cookie-authenticated requests. */
export async function login(app: DashboardApp, username: string, password = PASSWORD) {
  const res = await app.fastify.inject({ method: 'POST', url: '/api/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  const cookie = setCookie.split(';')[0]!;
  const { csrfToken } = res.json() as { csrfToken: string };
  return { cookie, csrfToken, setCookie, headers: { cookie, 'x-csrf-token': csrfToken } };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
