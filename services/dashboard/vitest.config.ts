import { defineConfig } from 'vitest/config';

// `@vakt/source` makes workspace imports resolve to TypeScript sources, so tests never need a build first.
export default defineConfig({
  resolve: { conditions: ['@vakt/source', 'import', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@vakt/source', 'import', 'node', 'default'] } },
  test: {
    // JSON report per package, summed into one closing line by infra/scripts/summarise-tests.mjs.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-result.json' },
    // Many tests here start processes or a store; 5 s is too tight on a loaded 2-core machine. A guard against hangs, not a speed check.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    include: ['test/**/*.test.ts'],
  },
});
