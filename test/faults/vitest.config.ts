import { defineConfig } from 'vitest/config';

// Fault tests start real processes, a broker and a ClickHouse server: one file at a time, generous timeouts.
export default defineConfig({
  resolve: { conditions: ['@vakt/source', 'import', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@vakt/source', 'import', 'node', 'default'] } },
  test: {
    include: ['**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-result.json' },
  },
});
