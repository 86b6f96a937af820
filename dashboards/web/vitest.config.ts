import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // JSON report per package, summed into one closing line by infra/scripts/summarise-tests.mjs.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-result.json' },
    include: ['test/**/*.test.ts'],
  },
});
