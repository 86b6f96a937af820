import { join } from 'node:path';
import type { StoreClient } from '@vakt/store/client';
import { eraseAuthor } from '@vakt/store/privacy';
import type { Pseudonymiser } from '@vakt/store/pseudonym';
import { RetentionJanitor, type RetentionJanitorOptions } from '@vakt/store/retention-janitor';
import type { WatchRegistry } from '@vakt/watch/registry';
import { storedKeys } from '@vakt/watch/slug';
import { createMemoryUserStore } from './auth/users.js';
import { createDashboardStore } from './clickhouse-store.js';
import type { AlertActions, DashboardDeps } from './deps.js';
import { eraseEverywhere } from './erasure.js';
import { registryRetention, registryWatchKeys, watchRegistryAdapter } from './watch-adapter.js';
import { alertsAcrossKeys, storeAcrossKeys } from './watch-keys.js';

/**
 * The dashboard's data over ClickHouse and the watch registry, as `vakt service dashboard` and `vakt up` both wire
 * it: mentions from the store, users in `<dataDir>/users.json`, watches from the registry, erasure reaching the
 * alerter's copies. Only the alerter differs: an HTTP client in its own process, the app itself in `vakt up`.
 */
export function storeBackedDeps(o: {
  store: StoreClient;
  registry: WatchRegistry;
  dataDir: string;
  /** Days kept for a watch without its own retentionDays (shown in the watch editor). */
  retentionDays: number;
  /** Ack, silence, resolve, history: the alerter's. */
  alerts: AlertActions;
  /** Erases the alerter's copies of an erased author's mentions (its alerts and delivery log). */
  alerterErasure: Pick<AlertActions, 'eraseMentions'>;
  pseudonymise?: Pseudonymiser | undefined;
}): Pick<DashboardDeps, 'store' | 'users' | 'alerts' | 'watches' | 'privacy'> {
  const keysOf = registryWatchKeys(o.registry);
  return {
    store: storeAcrossKeys(
      createDashboardStore(o.store, () => o.registry.list().flatMap(storedKeys)),
      keysOf,
    ),
    users: createMemoryUserStore({ file: join(o.dataDir, 'users.json') }),
    alerts: alertsAcrossKeys(o.alerts, keysOf),
    watches: watchRegistryAdapter(o.registry, o.retentionDays),
    privacy: eraseEverywhere(
      eraseAuthor(o.store, o.pseudonymise ? { pseudonymise: o.pseudonymise } : {}),
      o.alerterErasure,
    ),
  };
}

/**
 * The retention janitor over the registry's watches, started. The dashboard owns the editable watches and their
 * retentionDays, so the process that serves it enforces retention.
 */
export function startRetention(
  o: { store: StoreClient; registry: WatchRegistry } & Omit<RetentionJanitorOptions, 'store' | 'watches'>,
): RetentionJanitor {
  const { registry, ...options } = o;
  const janitor = new RetentionJanitor({ ...options, watches: registryRetention(registry) });
  janitor.start();
  return janitor;
}
