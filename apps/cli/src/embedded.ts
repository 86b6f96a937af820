import { join } from 'node:path';
import { createAlerterApp, DEMO_ALERTER_OPTIONS } from '@vakt/alerter';
import { createMemoryBus } from '@vakt/bus/memory';
import { createDashboardApp, startRetention, storeBackedDeps, webRoot } from '@vakt/dashboard';
import { watchId } from '@vakt/watch/slug';
import { createDemoFeed, DEMO_WATCHES } from '@vakt/demo/feed';
import {
  connectorHealth,
  createIngestApp,
  logConnectorPlan,
  planConnectors,
  registryMatcher,
  startConnectors,
  type IngestOptions,
} from '@vakt/ingest';
import type { ConnectorSettingValues } from '@vakt/connectors/settings';
import { DurableAcks } from '@vakt/pipeline/durable-acks';
import { deadLetterArchive } from '@vakt/pipeline/dead-letter-archive';
import { insertDeadLetters } from '@vakt/store/tables/dead-letters';
import { CleanupStack } from '@vakt/pipeline/lifecycle';
import { createLogger, type Logger } from '@vakt/pipeline/logger';
import { createMetrics } from '@vakt/pipeline/metrics';
import { loadAlerting } from '@vakt/alerting/config-file';
import { vaktTopics } from '@vakt/pipeline/kafka';
import { forgetSecret, persistentSecret } from '@vakt/runtime/secrets';
import { privateDataDir } from '@vakt/runtime/data-dir';
import { openEmbeddedStore } from '@vakt/store/connect';
import { openSqlDoor } from './sql-door.js';
import { openWatches } from '@vakt/watch/open';
import { watchScoring } from '@vakt/watch/scoring-context';
import type { Alert } from '@vakt/schema/alert';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { mentionKey } from '@vakt/schema/mention';
import type { Result } from '@vakt/errors/result';
import { TOPICS } from '@vakt/schema/topics';
import { createScorerApp, createScorerEngine, resolveModelDir } from '@vakt/scorer';
import { createSinkApp } from '@vakt/sink';
import type { StoreClient } from '@vakt/store/client';
import { insertAlerts } from '@vakt/store/tables/alerts';
import { insertMentions } from '@vakt/store/tables/mentions';
import { pseudonymiserFrom } from '@vakt/store/pseudonym-settings';
import { startDemoReceiver } from './demo-receiver.js';

export interface EmbeddedOptions {
  port: number;
  host: string;
  dataDir: string;
  /** Sentiment model directory; default <dataDir>/model if `vakt train --add…` wrote one, else the shipped model. */
  modelDir?: string;
  demo: boolean;
  watchesFile?: string | undefined;
  logLevel: string;
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
  webhookUnsigned?: boolean;
  alertingFile?: string | undefined;
  alertBucketSeconds?: number;
  adminPassword?: string;
  /** Reverse proxies whose X-Forwarded-For the dashboard believes (VAKT_TRUST_PROXY). */
  trustProxy?: readonly string[];
  retentionDays?: number;
  pseudonymiseAuthors?: boolean;
  /** The ingest API's door (VAKT_INGEST_TOKENS, limits, allowed origins): the settings `vakt service ingest` reads. */
  ingestApi?: Partial<Omit<IngestOptions, 'lingerMs' | 'listen'>>;
  env?: Readonly<Record<string, string | undefined>>;
  /** The loaded connector settings, the same `vakt service ingest` reads. */
  connectorSettings?: ConnectorSettingValues;
  /** Where the newcomer-facing lines (URL, login, demo webhook) go. */
  announce?: NodeJS.WritableStream;
}

export interface Embedded {
  dashboardUrl: string;
  ingestUrl: string;
  store: StoreClient;
  log: Logger;
  /** The first admin's generated password, only on the start that created it: printed once, never stored in clear. */
  firstAdminPassword?: string;
  /** What each source connector follows, one line each (empty: none configured). */
  connectors: string[];
  onAlert(cb: (a: Alert) => void): () => void;
  stop(deadlineMs?: number): Promise<void>;
}

/**
 * The whole pipeline in one process: the same apps the distributed services run, over the in-process bus and chdb.
 * Resources are registered on one cleanup stack as they are created, so stop (or a failed start) unwinds in reverse:
 * demo feed → dashboard → alerter → sink → scorer → ingest → bus → store.
 */
export async function startEmbedded(o: EmbeddedOptions): Promise<Embedded> {
  const log = createLogger({ name: 'vakt', level: o.logLevel });
  const out = o.announce ?? process.stderr;
  const cleanup = new CleanupStack(log);
  const notPrivate = await privateDataDir(o.dataDir);
  if (notPrivate) log.warn({ dataDir: o.dataDir }, notPrivate);
  const metrics = createMetrics();
  try {
    // Before anything opens: a bad connector setting stops `vakt up` at once, naming it.
    const plan = planConnectors({ settings: o.connectorSettings ?? {}, dataDir: o.dataDir });
    logConnectorPlan(plan, log.child({ svc: 'ingest' }));
    const store = await openEmbeddedStore(join(o.dataDir, 'clickhouse'), cleanup);
    // chdb admits one process per data directory: `vakt sql` queries through this door while the pipeline runs.
    const sqlDoor = await openSqlDoor({ store, dataDir: o.dataDir });
    cleanup.defer('sql door', () => sqlDoor.close());
    const pseudonymise = await pseudonymiserFrom(
      { pseudonymiseAuthors: o.pseudonymiseAuthors ?? false, pseudonymSecret: '' },
      async () => (await persistentSecret(o.dataDir, 'pseudonym-secret', '')).value,
    );
    const bus = createMemoryBus({ partitions: 4, maxBacklogPerTopic: 20_000 });
    cleanup.defer('bus', () => bus.close());
    await bus.ensureTopics(vaktTopics(4));
    const producer = await bus.producer();

    // The in-process bus dies with the process: ingest answers only when mentions are in chdb or the DLQ.
    const durable = new DurableAcks();
    const registry = await openWatches({
      dataDir: o.dataDir,
      watchesFile: o.watchesFile,
      seed: o.demo ? DEMO_WATCHES : undefined,
      now: Date.now,
      log: log.child({ svc: 'watches' }),
    });
    const ingest = createIngestApp(
      {
        producer,
        matcher: registryMatcher(registry),
        metrics,
        log: log.child({ svc: 'ingest' }),
        now: Date.now,
        sources: connectorHealth(plan.connectors),
        ...(pseudonymise ? { pseudonymise } : {}),
        awaitDurable: (keys) => durable.wait(keys, 30_000),
        refusal: () => durable.refusal(),
      },
      {
        maxBodyBytes: 10 * 1024 * 1024,
        apiTokens: [],
        ...o.ingestApi,
        listen: { port: o.port === 0 ? 0 : o.port + 1, host: o.host },
      },
    );
    await ingest.start();
    cleanup.defer('ingest', (deadlineMs) => ingest.stop(deadlineMs));
    const ingestUrl = ingest.url();
    if ((o.ingestApi?.apiTokens ?? []).length === 0 && !['127.0.0.1', '::1', 'localhost'].includes(o.host)) {
      log.warn(
        { url: ingestUrl },
        'the ingest API needs no token and listens beyond loopback: anyone who reaches it can post mentions; set VAKT_INGEST_TOKENS',
      );
    }

    // The same registry as ingest's: watch edits in the dashboard reach the scorer's domain words and names at once.
    const engine = await createScorerEngine(
      log,
      resolveModelDir({ modelDir: o.modelDir, dataDir: o.dataDir }),
      watchScoring(registry),
    );
    const scorer = createScorerApp({
      consumer: await bus.consumer({
        groupId: 'vakt-scorer',
        topics: [TOPICS.raw],
        maxBatchSize: 500,
        partitionsConsumedConcurrently: 4,
      }),
      producer,
      engine,
      metrics,
      log: log.child({ svc: 'scorer' }),
      now: Date.now,
    });
    await scorer.start();
    cleanup.defer('scorer', (deadlineMs) => scorer.stop(deadlineMs));

    const sink = createSinkApp(
      {
        consumer: await bus.consumer({
          groupId: 'vakt-sink',
          topics: [TOPICS.scored],
          maxBatchSize: 2000,
          partitionsConsumedConcurrently: 4,
        }),
        producer,
        writeMentions: durableWrites(insertMentions(store, pseudonymise ? { pseudonymise } : {}), durable),
        metrics,
        log: log.child({ svc: 'sink' }),
        now: Date.now,
      },
      { maxRows: 5000, maxWaitMs: 250, maxPendingRows: 20_000 },
    );
    await sink.start();
    cleanup.defer('sink', (deadlineMs) => sink.stop(deadlineMs));
    // Dead letters go to chdb's vakt.dead_letters before the ingest requests waiting on them are answered: the
    // in-process bus is memory only, so that table is where a refused mention survives a restart.
    const dlq = await bus.consumer({
      groupId: 'vakt-embedded-dlq-archive',
      topics: [TOPICS.dlq],
      fromBeginning: false,
    });
    await dlq.run(
      deadLetterArchive({
        write: insertDeadLetters(store),
        log: log.child({ stage: 'dlq-archive' }),
        now: Date.now,
        onArchived: (records) => durable.done(records.flatMap((r) => (r.key ? [r.key] : []))),
      }),
    );
    cleanup.defer('dlq archive', () => dlq.stop());

    const env = o.env ?? process.env;
    let webhookUrl = o.webhookUrl;
    let webhookSecret = o.webhookSecret;
    if (o.demo && !webhookUrl) {
      webhookSecret = (await persistentSecret(o.dataDir, 'demo-webhook-secret', '')).value;
      const receiver = await startDemoReceiver(o.port === 0 ? 0 : o.port + 2, webhookSecret, out);
      cleanup.defer('demo webhook receiver', () => receiver.close());
      webhookUrl = receiver.url;
    }
    const resolveWatch = (idOrName: string): string | undefined => {
      const w = registry.resolve(idOrName);
      return w ? watchId(w) : undefined;
    };
    const alerting = await loadAlerting({
      file: o.alertingFile,
      webhookUrl,
      webhookSecret,
      webhookUnsigned: o.webhookUnsigned,
      env,
      resolveWatch,
    });
    for (const warning of alerting.warnings) log.warn({ alertingFile: o.alertingFile }, warning);
    const writeAlerts = insertAlerts(store);
    const alerter = createAlerterApp(
      {
        bus,
        store: {
          insertAlerts: async (alerts) => {
            const r = await writeAlerts(alerts);
            if (!r.ok) throw r.error;
          },
        },
        now: Date.now,
        log: log.child({ svc: 'alerter' }),
        destinations: alerting.destinations,
        dataDir: join(o.dataDir, 'alerter'),
        dashboardUrl: `http://${o.host}:${o.port}`,
      },
      {
        ...(o.demo ? DEMO_ALERTER_OPTIONS : {}),
        ...(alerting.routes ? { routes: alerting.routes } : {}),
        ...(o.alertBucketSeconds
          ? { detector: { ...(o.demo ? DEMO_ALERTER_OPTIONS.detector : {}), windowMs: o.alertBucketSeconds * 1000 } }
          : {}),
      },
    );
    await alerter.start();
    cleanup.defer('alerter', (deadlineMs) => alerter.stop(deadlineMs));

    const mentionListeners = new Set<(m: ScoredMention) => void>();
    const live = await bus.consumer({
      groupId: 'vakt-dashboard-live',
      topics: [TOPICS.scored],
      fromBeginning: false,
      maxBatchSize: 2000,
    });
    await live.run(async (records) => {
      for (const r of records) {
        const m = JSON.parse(r.value.toString('utf8')) as ScoredMention; // validated by the scorer on produce
        for (const cb of mentionListeners) cb(m);
      }
    });
    cleanup.defer('live feed', () => live.stop());

    const janitor = startRetention({ store, registry, defaultDays: o.retentionDays ?? 365 });
    cleanup.defer('retention janitor', (deadlineMs) => janitor.stop(Math.min(deadlineMs, 3_000)));

    const sessionSecret = (await persistentSecret(o.dataDir, 'session-secret', '')).value;
    let firstAdminPassword: string | undefined;
    const dashboard = createDashboardApp(
      {
        // Erasure reaches the alerter's copies too (its alerts and delivery log).
        ...storeBackedDeps({
          store,
          registry,
          dataDir: o.dataDir,
          retentionDays: o.retentionDays ?? 365,
          alerts: alerter.alerts,
          alerterErasure: { eraseMentions: async (req) => alerter.eraseMentions(req) },
          pseudonymise,
        }),
        live: {
          onMention: (cb) => {
            mentionListeners.add(cb);
            return () => mentionListeners.delete(cb);
          },
          onAlert: (cb) => alerter.onAlert(cb),
        },
        sources: connectorHealth(plan.connectors),
        now: Date.now,
        log: log.child({ svc: 'dashboard' }),
      },
      {
        publicUrl: `http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${o.port}`,
        sessionSecret,
        webRoot: webRoot(),
        trustProxy: o.trustProxy ?? [],
        bootstrapAdmin: {
          username: 'admin',
          ...(o.adminPassword ? { password: o.adminPassword } : {}),
          announce: (password) => void (firstAdminPassword = password),
        },
        listen: { port: o.port, host: o.host },
      },
    );
    await dashboard.start();
    // Closed first, and at most 3 s of the budget: a browser that holds its connection must not eat the pipeline's drain.
    cleanup.defer('dashboard', (deadlineMs) => dashboard.stop(Math.min(deadlineMs, 3_000)));
    const dashboardUrl = dashboard.url();
    const clearCopy = await forgetSecret(o.dataDir, 'admin-password');
    if (clearCopy)
      log.info(
        { file: clearCopy },
        'deleted the clear-text admin password an earlier version kept; only its hash is stored (users.json)',
      );

    // Connectors last: their batches go through ingest and are acknowledged once in chdb, so the cursors they then
    // save in <dataDir>/cursors.json never run ahead of the data (a restart resumes without gaps or duplicates).
    await startConnectors(plan.connectors, { submit: ingest.submit, log: log.child({ svc: 'ingest' }), cleanup });

    if (o.demo) {
      const feed = createDemoFeed({ now: Date.now });
      // Live traffic every 500 ms; the storm starts 25 s in. No backfilled history: the detector's demo settings
      // learn the baseline from the first 20 s, as a newcomer's first minute should show.
      const start = Date.now();
      let last = start;
      const timer = setInterval(() => {
        const now = Date.now();
        const batch = feed.between(last, now);
        last = now;
        ingest.submit(batch).catch((e: Error) => log.warn({ err: e.message }, 'demo feed: submit failed'));
      }, 500);
      cleanup.defer('demo feed', () => clearInterval(timer));
    }

    return {
      dashboardUrl,
      ingestUrl,
      store,
      log,
      ...(firstAdminPassword ? { firstAdminPassword } : {}),
      connectors: plan.following,
      onAlert: (cb) => alerter.onAlert(cb),
      stop: (deadlineMs = 10_000) => cleanup.closeAll(deadlineMs),
    };
  } catch (e) {
    await cleanup.closeAll(5_000);
    throw e;
  }
}

/** Reports inserted mentions as durable so their ingest requests can answer. */
function durableWrites(write: (rows: ScoredMention[]) => Promise<Result<void>>, durable: DurableAcks) {
  return async (rows: ScoredMention[]): Promise<Result<void>> => {
    const r = await write(rows);
    durable.noteWrite(r.ok ? undefined : r.error);
    if (r.ok) durable.done(rows.map(mentionKey));
    return r;
  };
}
