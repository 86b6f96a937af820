// The vitest configuration every workspace package shares; each package's `vitest.config.ts` is
// `export default vaktTestConfig(<what differs>)`. Plain data that imports nothing, so the root needs no vitest of its
// own: each package's config is bundled with this file and read by the vitest that package installs.

/** The vitest `test` options a package may set on top of the shared ones. */
type TestOptions = Record<string, unknown>;

// `@vakt/source` makes workspace imports resolve to TypeScript sources, so tests never need a build first.
const conditions = ['@vakt/source', 'import', 'node', 'default'];

const shared = {
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // JSON report per package, summed into one closing line by infra/scripts/summarise-tests.mjs (`npm test`).
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-result.json' },
    include: ['test/**/*.test.ts'],
  },
};

/**
 * For packages whose tests start processes or a store: 5 s is too tight on a loaded 2-core machine. A guard against
 * hangs, not a speed check.
 */
export const processTimeouts = { testTimeout: 30_000, hookTimeout: 60_000 } satisfies TestOptions;

/** The system and fault suites start real processes, a broker and a ClickHouse server: one file at a time. */
export const serialSuite = {
  include: ['**/*.test.ts'],
  testTimeout: 600_000,
  hookTimeout: 120_000,
  fileParallelism: false,
} satisfies TestOptions;

/** The shared configuration with a package's own test options on top (each replaces the shared value it names). */
export function vaktTestConfig(test: TestOptions = {}) {
  return { ...shared, test: { ...shared.test, ...test } };
}
