import { dataDir, SETS } from './data.js';
import { evaluateSet, renderTable, type ResultRow } from './eval.js';
import { SYSTEMS } from './systems/index.js';

// `pnpm eval` — accuracy, macro-F1 and macro recall per set for Vakt, the peers and a majority baseline.
// Reports the dev split; `VAKT_EVAL_SPLIT=train` evaluates on train (what the thresholds were tuned on).
// `VAKT_EVAL_SETS=a,b` and `VAKT_EVAL_SYSTEMS=vakt,vader` narrow the run.
const split = process.env.VAKT_EVAL_SPLIT === 'train' ? 'train' : 'dev';
const setFilter = process.env.VAKT_EVAL_SETS?.split(',');
const sysFilter = process.env.VAKT_EVAL_SYSTEMS?.split(',');
const systems = SYSTEMS.filter((s) => !sysFilter || sysFilter.some((f) => s.name.startsWith(f)));
for (const s of systems) await s.init?.();

console.log(`Vakt sentiment evaluation — data: ${dataDir()} — split: ${split}`);
const rows: ResultRow[] = [];
for (const set of SETS) {
  if (setFilter && !setFilter.includes(set.name)) continue;
  const r = await evaluateSet(set, systems, split);
  if (!r.length) console.log(`\n${set.name}: not found or no ${split} rows, skipped`);
  rows.push(...r);
}
console.log(renderTable(rows));
