import { defineConfig } from 'vitest/config';

// `@vakt/source` makes workspace imports resolve to TypeScript sources, so tests never need a build first.
export default defineConfig({
  resolve: { conditions: ['@vakt/source', 'import', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@vakt/source', 'import', 'node', 'default'] } },
  test: { include: ['test/**/*.test.ts'] },
});
