import { createStoreClient, type StoreClient } from './client.js';

/**
 * Where a connected store registers its closer: the service's cleanup stack (`CleanupStack` of
 * `@vakt/pipeline/lifecycle`), named by shape so the store does not depend on the pipeline package.
 */
export interface CloserRegistry {
  defer(name: string, close: () => Promise<void> | void): void;
}

/** Connects to a ClickHouse server (or cluster, with CLICKHOUSE_CLUSTER), applies migrations, and registers the closer. */
export async function connectServerStore(
  config: {
    clickhouseUrl: string;
    clickhouseUser: string;
    clickhousePassword: string;
    clickhouseDatabase: string;
    clickhouseCluster?: string | undefined;
  },
  cleanup: CloserRegistry,
): Promise<StoreClient> {
  const store = await createStoreClient({
    mode: 'server',
    url: config.clickhouseUrl,
    username: config.clickhouseUser,
    password: config.clickhousePassword,
    database: config.clickhouseDatabase,
    ...(config.clickhouseCluster ? { cluster: config.clickhouseCluster } : {}),
  });
  cleanup.defer('clickhouse', () => store.close());
  return store;
}

/** Opens the embedded engine (chdb) over a data folder that survives restarts; migrations applied. */
export async function openEmbeddedStore(dataDir: string, cleanup: CloserRegistry): Promise<StoreClient> {
  const store = await createStoreClient({ mode: 'embedded', dataDir });
  cleanup.defer('chdb', () => store.close());
  return store;
}
