import type { BusConsumer, BusProducer, BusRecord, MessageBus } from '@vakt/bus/types';
import type { Logger } from '@vakt/bus/logger';
import { Deliverer, type RetryPolicy } from '@vakt/alerting/deliverer';
import { DeliveryLog } from '@vakt/alerting/delivery-log';
import { checkDestinations, unsignedWebhooks, type Destination, type Route } from '@vakt/alerting/destinations';
import { AlertLifecycle, type Transition } from '@vakt/alerting/lifecycle';
import { Notifier } from '@vakt/alerting/notifier';
import type { AlertLanguage } from '@vakt/alerting/explain';
import type { WatchDetectorOptions } from '@vakt/detector/watch-detector';
import { toVaktError, VaktError } from '@vakt/errors/vakt-error';
import { deadLetterRecord } from '@vakt/pipeline/dead-letter';
import { alertValidator, type Alert } from '@vakt/schema/alert';
import { decodeScoredMention } from '@vakt/schema/scored-mention-decode';
import { TOPICS } from '@vakt/schema/topics';
import { createAlertActions, type AlertActionsImpl } from './actions.js';
import { createAlertEvaluator } from './evaluator.js';
import { withoutErased } from '@vakt/alerting/erasure';
import type { App } from '@vakt/runtime/app';

/** Erased mention keys and authors remembered for later alerts (oldest forgotten first). */
const MAX_ERASED = 100_000;

export interface AlerterDeps {
  bus: MessageBus;
  /** `vakt.alerts` in ClickHouse; called with every alert state change before the input batch is committed. */
  store?: { insertAlerts(alerts: Alert[]): Promise<unknown> };
  now: () => number;
  /** Never pass mention text. */
  log: Logger;
  destinations: Destination[];
  /** Directory of the durable delivery log (created if missing). */
  dataDir: string;
  /** Base URL of the dashboard; alerts link to it. */
  dashboardUrl: string;
}

export interface AlerterOptions {
  /** Routing rules; default: every destination for every watch and severity. */
  routes?: Route[];
  groupId?: string;
  detector?: WatchDetectorOptions;
  /** A watch's storm ends this long after its last alert resolved; a fire after that pages again (default 1 h). */
  stormGapMs?: number;
  /** Language of each alert's summary and "why" for receivers (default sv); the dashboard gets both languages. */
  language?: AlertLanguage;
  retry?: Partial<RetryPolicy>;
  /** 0..1 jitter source (tests inject a fixed one). */
  random?: () => number;
  alertmanagerResendMs?: number;
  /**
   * How often the app advances quiet windows and retries deliveries that came due (a new page is sent when it is
   * logged, not on this timer). 0 disables the timer (tests call `tick`).
   */
  tickMs?: number;
  /** An alert restored after a restart that no detector re-fires is resolved after this long. */
  staleResolveMs?: number;
  /** How long an acknowledgement suppresses re-notification. */
  ackMs?: number;
}

export type AlerterApp = ReturnType<typeof createAlerterApp>;

/** What changed, for listeners that care (the dashboard can ignore it). */
export interface AlertChangeInfo {
  kind: Transition['kind'];
  notified: boolean;
  suppressedBy?: Transition['suppressedBy'];
}
export type AlertListener = (alert: Alert, info: AlertChangeInfo) => void;

/**
 * The alerter: consumes `vakt.mentions.scored`, runs one watch detector per watch, drives the alert lifecycle, and
 * for every transition (1) fsyncs it and its delivery jobs to the delivery log, (2) produces the alert to
 * `vakt.alerts` keyed by fingerprint, (3) inserts it into the store, (4) tells `onAlert` listeners (socket.io). The
 * input batch resolves — and its offsets commit — only after (1)–(3), so a crash never loses an alert; the log's
 * idempotency keys and restored states make the replay after restart a no-op instead of a duplicate storm.
 */
export function createAlerterApp(deps: AlerterDeps, options: AlerterOptions = {}) {
  const routes = options.routes ?? [{ to: deps.destinations.map((d) => d.id) }];
  const problems = checkDestinations(deps.destinations, routes);
  if (problems.length)
    throw new VaktError('VAKT_CONFIG_INVALID', `alerting destinations: ${problems.join('; ')}`, {
      context: { problems },
    });
  const lifecycle = new AlertLifecycle(deps.now, { stormGapMs: options.stormGapMs });
  const listeners = new Set<AlertListener>();
  const evaluator = createAlertEvaluator(lifecycle, {
    detector: options.detector,
    language: options.language,
    dashboardUrl: deps.dashboardUrl,
  });
  const liveFingerprints = evaluator.liveFingerprints;
  const staleMs = options.staleResolveMs ?? 30 * 60_000;
  let log: DeliveryLog | undefined;
  let deliverer: Deliverer | undefined;
  let notifier: Notifier | undefined;
  let producer: BusProducer | undefined;
  let consumer: BusConsumer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let startedAt = 0;
  const counters = { mentions: 0, deadLettered: 0, delivered: 0, deadDeliveries: 0 };

  /**
   * Mentions erased since start (GDPR, see `eraseMentions`), bounded: a detector's open windows may still hold one
   * of them as evidence, and no later alert may quote it again.
   */
  const erased = { keys: new Set<string>(), authors: new Set<string>() };

  /** Applies one transition durably: log + jobs (each job is sent once fsynced), bus, store, then listeners. */
  async function apply(transitions: Transition[]): Promise<void> {
    if (transitions.length === 0) return;
    if (erased.keys.size + erased.authors.size > 0) {
      for (const t of transitions) t.alert = withoutErased(t.alert, erased);
      lifecycle.rewriteAlerts(
        (a) => withoutErased(a, erased),
        transitions.map((t) => t.alert.fingerprint),
      );
    }
    for (const t of transitions) {
      notifier!.handle(t);
      actions.record(t);
    }
    const alerts = transitions.map((t) => t.alert);
    for (const a of alerts) {
      const checked = alertValidator.check(a);
      // An alert we built failing our own schema is a bug; surface it loudly rather than ship it.
      if (!checked.ok) throw checked.error;
    }
    await producer!.send(
      TOPICS.alerts,
      alerts.map((a) => ({ key: a.fingerprint, value: JSON.stringify(a) })),
    );
    if (deps.store) await deps.store.insertAlerts(alerts);
    for (const t of transitions)
      for (const l of listeners)
        safeCall(l, t.alert, {
          kind: t.kind,
          notified: t.notify,
          ...(t.suppressedBy ? { suppressedBy: t.suppressedBy } : {}),
        });
  }

  function safeCall(l: AlertListener, a: Alert, info: AlertChangeInfo): void {
    try {
      l(a, info);
    } catch (e) {
      deps.log.warn({ code: toVaktError(e).code }, 'alerter: an onAlert listener threw; other listeners still ran');
    }
  }

  async function handleBatch(records: BusRecord[]): Promise<void> {
    const now = deps.now();
    const transitions: Transition[] = [];
    const dead = [];
    // A window closes once every assigned partition has passed it (a backlog comes one partition at a time).
    evaluator.assign(consumer?.assignment()[TOPICS.scored] ?? [], now);
    for (const r of records) {
      // Same Result as scoredMentionValidator.parse (the full schema, every field), at about a third of ajv's cost.
      const parsed = decodeScoredMention(r.value);
      if (!parsed.ok) {
        dead.push(deadLetterRecord({ raw: r.value, origin: r }, parsed.error, 'alerter', now));
        continue;
      }
      counters.mentions += 1;
      transitions.push(...evaluator.mention(parsed.value, now, r.partition));
    }
    transitions.push(...evaluator.batchDone(now));
    if (dead.length) {
      await producer!.send(TOPICS.dlq, dead);
      counters.deadLettered += dead.length;
      deps.log.warn(
        { code: 'VAKT_SCHEMA_INVALID', count: dead.length },
        'alerter: dead-lettered invalid scored mentions',
      );
    }
    await apply(transitions);
  }

  /** Advances quiet windows, resolves stale restored alerts, re-sends to Alertmanager, attempts due deliveries. */
  async function tickOnce(): Promise<void> {
    const now = deps.now();
    const transitions: Transition[] = [];
    transitions.push(...evaluator.advance(now));
    for (const a of lifecycle.active()) {
      if (liveFingerprints.has(a.fingerprint) || now - Math.max(Date.parse(a.updatedAt), startedAt) < staleMs) continue;
      const t = lifecycle.resolve(a.fingerprint);
      if (t) transitions.push(t);
    }
    await apply(transitions);
    notifier!.resendActive(lifecycle);
    await deliverer!.tick();
  }

  // Declared before use in `apply` through hoisting of the closure; built here once its dependencies exist.
  const actions: AlertActionsImpl = createAlertActions({
    lifecycle,
    now: deps.now,
    ackMs: options.ackMs ?? 4 * 60 * 60_000,
    persistSilence: (watch, until) => log!.append({ t: 'silence', watch, until }),
    apply,
  });

  const app = {
    /** Opens the delivery log (restoring alert states and pending deliveries), then starts consuming. */
    async start(): Promise<void> {
      startedAt = deps.now();
      try {
        log = DeliveryLog.open(deps.dataDir);
      } catch (cause) {
        throw new VaktError(
          'VAKT_CONFIG_INVALID',
          `the alerter's data directory ${deps.dataDir} is not usable (${(cause as NodeJS.ErrnoException).code ?? 'error'}); point it to a writable local directory`,
          { cause },
        );
      }
      lifecycle.restore({ alerts: [...log.state.alerts.values()], silences: Object.fromEntries(log.state.silences) });
      deliverer = new Deliverer({
        log,
        destinations: deps.destinations,
        now: deps.now,
        random: options.random,
        retry: options.retry,
        // A page goes out as soon as its job is fsynced (before the produce to vakt.alerts and the store insert,
        // which do not make it more durable), not at the next tick: the timer is for retries.
        sendOnEnqueue: true,
        onError: (e) =>
          deps.log.error({ code: toVaktError(e).code }, 'alerter: a delivery attempt failed to record its outcome'),
        onDelivered: () => void (counters.delivered += 1),
        onDead: (job, e) => {
          counters.deadDeliveries += 1;
          deps.log.error(
            { code: e.code, destination: job.destinationId, fingerprint: job.fingerprint },
            'alerter: delivery dead-lettered after its retry budget',
          );
        },
      });
      notifier = new Notifier(
        {
          routes,
          destinations: deps.destinations,
          externalURL: deps.dashboardUrl,
          alertmanagerResendMs: options.alertmanagerResendMs,
        },
        log,
        deliverer,
        deps.now,
      );
      try {
        await deps.bus.ensureTopics([{ name: TOPICS.alerts, partitions: 4 }]);
        producer = await deps.bus.producer();
        consumer = await deps.bus.consumer({ groupId: options.groupId ?? 'vakt-alerter', topics: [TOPICS.scored] });
        await consumer.run(handleBatch);
      } catch (e) {
        // A failed start rolls back like a stop: nothing half-open stays behind.
        await consumer?.stop().catch(() => undefined);
        await producer?.close().catch(() => undefined);
        log.close();
        throw e;
      }
      const every = options.tickMs ?? 500;
      if (every > 0) {
        timer = setInterval(() => void this.tick(), every);
        timer.unref();
      }
      for (const d of unsignedWebhooks(deps.destinations))
        deps.log.warn(
          { destination: d.id },
          'alerter: webhook destination is unsigned (unsigned: true); its receiver cannot verify that alerts come from Vakt',
        );
      deps.log.info({ pending: log.state.pending.length, restoredAlerts: log.state.alerts.size }, 'alerter: started');
    },
    /** One tick (the timer calls this; tests call it with an injected clock). Never runs twice at once. */
    tick(): Promise<void> {
      ticking ??= tickOnce()
        .catch((e: unknown) =>
          deps.log.error({ code: toVaktError(e).code }, 'alerter: tick failed; retrying on the next tick'),
        )
        .finally(() => (ticking = undefined));
      return ticking;
    },
    /** Stops consuming (in-flight batches finish and commit), gives pending deliveries until ~¾ of the deadline. */
    async stop(deadlineMs = 10_000): Promise<void> {
      const until = Date.now() + deadlineMs * 0.75;
      if (timer) clearInterval(timer);
      await consumer?.stop();
      while (
        deliverer &&
        deliverer.pending() > 0 &&
        Date.now() < until &&
        (deliverer.nextDueAt() ?? Infinity) <= deps.now()
      )
        await this.tick();
      await ticking;
      await deliverer?.close();
      await producer?.close();
      // Whatever is still pending stays in the fsynced log and goes out after the next start.
      log?.close();
    },
    /**
     * Subscribes to every alert state change (firing, updated, resolved), after it is durable (logged, on
     * `vakt.alerts`, in the store). `info.notified` says whether it paged anyone. Returns the unsubscribe function.
     */
    onAlert(cb: AlertListener): () => void {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    /** Ack, silence, manual resolve and history, for the dashboard's API. */
    alerts: actions,
    /**
     * GDPR erasure: removes the erased author's mentions (by `source:id` key and by handle, as
     * `eraseAuthor` in @vakt/store reports them) from every alert held here (the API, the detail view), from the
     * delivery log on disk (restored states; pending and dead deliveries are rendered again) and from alerts fired
     * later. Webhooks already delivered are outside Vakt. Call after `start`.
     */
    eraseMentions(req: { keys: readonly string[]; authors: readonly string[] }): {
      alerts: number;
      deliveries: number;
    } {
      if (!log || !notifier)
        throw new VaktError('VAKT_INTERNAL', 'the alerter is not started; erasure needs its delivery log');
      for (const k of req.keys) erased.keys.add(k);
      for (const a of req.authors) erased.authors.add(a);
      for (const set of [erased.keys, erased.authors]) for (const v of set) if (set.size > MAX_ERASED) set.delete(v);
      const changed = new Set(lifecycle.rewriteAlerts((a) => withoutErased(a, erased)));
      const n = notifier;
      const rewritten = log.rewrite({
        alert: (a) => withoutErased(a, erased),
        job: (j) => {
          const current = lifecycle.get(j.fingerprint) ?? log!.state.alerts.get(j.fingerprint);
          return current ? n.rerender(j, current) : { ...j, body: '{}' };
        },
      });
      // The log's alert states mirror the lifecycle's; count whichever saw more (the same alerts, normally).
      return { alerts: Math.max(changed.size, rewritten.alerts), deliveries: rewritten.jobs };
    },
    /** Deliveries that exhausted their retry budget, newest last, with the error (for the dashboard). */
    deadDeliveries() {
      return (log?.state.dead ?? []).map((d) => ({
        key: d.job.key,
        destination: d.job.destinationId,
        fingerprint: d.job.fingerprint,
        status: d.job.status,
        attempts: d.attempts,
        error: d.error,
        at: new Date(d.at).toISOString(),
      }));
    },
    pendingDeliveries: () => log?.state.pending.length ?? 0,
    counters: () => ({
      ...counters,
      alertsFired: evaluator.counts.fired,
      alertsResolved: evaluator.counts.resolved,
      lateMentions: evaluator.lateMentions(),
    }),
  };
  return app satisfies App;
}
