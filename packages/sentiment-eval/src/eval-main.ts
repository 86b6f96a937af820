import { dataDir, SETS } from './data.js';
import { evaluateSet, renderTable, type ResultRow } from './eval.js';
import { SYSTEMS } from './systems/index.js';

// `pnpm eval` — accuracy, macro-F1 and macro recall per set for Vakt, the peers and a majority baseline.
// Reports the dev split; `--split train` (or `VAKT_EVAL_SPLIT=train`) evaluates on train, where rule and lexicon
// changes are checked without reading the dev split. `VAKT_EVAL_SETS=a,b` and `VAKT_EVAL_SYSTEMS=vakt,vader` narrow
// the run.
const splitArg = process.argv.indexOf('--split');
const asked = splitArg >= 0 ? process.argv[splitArg + 1] : process.env.VAKT_EVAL_SPLIT;
if (asked !== undefined && asked !== 'train' && asked !== 'dev') {
  console.error(`--split must be "train" or "dev", not ${JSON.stringify(asked)}`);
  process.exit(2);
}
const split = asked === 'train' ? 'train' : 'dev';
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
