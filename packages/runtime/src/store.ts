import { createStoreClient, type StoreClient } from '@vakt/store/client';
import type { CleanupStack } from '@vakt/pipeline/lifecycle';

/** Connects to a ClickHouse server (or cluster, with CLICKHOUSE_CLUSTER), applies migrations, and registers the closer. */
export async function connectServerStore(
  config: {
    clickhouseUrl: string;
    clickhouseUser: string;
    clickhousePassword: string;
    clickhouseDatabase: string;
    clickhouseCluster?: string | undefined;
  },
  cleanup: CleanupStack,
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
export async function openEmbeddedStore(dataDir: string, cleanup: CleanupStack): Promise<StoreClient> {
  const store = await createStoreClient({ mode: 'embedded', dataDir });
  cleanup.defer('chdb', () => store.close());
  return store;
}
