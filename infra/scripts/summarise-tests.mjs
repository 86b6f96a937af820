// Sums the vitest JSON reports of every workspace package into one closing line ("N passed, N failed"), so CI
// reads one verdict for the whole suite. Exits non-zero when anything failed or when no test ran at all.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0, failed = 0, skipped = 0;
const failedSuites = [];
for (const group of ['packages', 'services', 'dashboards', '.']) {
  const dirs = group === '.' ? ['test', 'test/system'] : existsSync(group) ? readdirSync(group).map((d) => join(group, d)) : [];
  for (const dir of dirs) {
    const file = join(dir, '.vitest-result.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += (r.numFailedTests ?? 0);
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    if ((r.numFailedTests ?? 0) > 0 || (r.numFailedTestSuites ?? 0) > 0) failedSuites.push(dir);
    failed += r.numFailedTests ? 0 : (r.numFailedTestSuites ?? 0);
  }
}
if (failedSuites.length) console.log(`failing packages: ${failedSuites.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
