import { defineConfig } from 'vitest/config';

// `@vakt/source` makes workspace imports resolve to TypeScript sources, so tests never need a build first.
export default defineConfig({
  resolve: { conditions: ['@vakt/source', 'import', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@vakt/source', 'import', 'node', 'default'] } },
  test: {
    // JSON report per package, summed into one closing line by infra/scripts/summarise-tests.mjs.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-result.json' },
    include: ['test/**/*.test.ts'],
  },
});
