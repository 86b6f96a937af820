// Sums the vitest JSON reports of every workspace package into one closing line ("N passed, N failed"), so CI
// reads one verdict for the whole suite. Exits non-zero when anything failed or when no test ran at all.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every `.vitest-result.json` under the workspace folders, wherever a package sits (test/system, test/faults …). */
function reports(dir, depth = 0) {
  if (depth > 3 || !existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.git')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...reports(path, depth + 1));
    else if (entry.name === '.vitest-result.json') out.push(path);
  }
  return out;
}

let passed = 0,
  failed = 0,
  skipped = 0;
const failedSuites = [];
for (const file of ['apps', 'packages', 'services', 'dashboards', 'test'].flatMap((d) => reports(d))) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A suite that failed to load has no failed tests but must still fail the run.
  failed += (r.numFailedTests ?? 0) || (r.numFailedTestSuites ?? 0);
  if ((r.numFailedTests ?? 0) > 0 || (r.numFailedTestSuites ?? 0) > 0)
    failedSuites.push(file.replace('/.vitest-result.json', ''));
}
if (failedSuites.length) console.log(`failing packages: ${failedSuites.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
