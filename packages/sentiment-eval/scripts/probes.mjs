// The combined engine on each independent probe of the phenomena cases: `node probes.mjs` (needs this package built).
// A probe is the block of a phenomenon that follows a comment "Written independently … (second probe) …" in
// data/phenomena-cases.txt (the first probe's comment names no ordinal), up to the next phenomenon. Prints, per probe
// and language, how many cases the engine gets right in the held-out and the development part (named cases
// blanked, as a watch blanks them), and the held-out parts pooled: the estimate for posts written by others.
// `VAKT_EVAL_SYSTEMS` picks another system by name prefix.
import { readFileSync } from 'node:fs';
import { asScored, loadPhenomena } from '../dist/phenomena.js';
import { SYSTEMS } from '../dist/systems/index.js';

const prefix = process.env.VAKT_EVAL_SYSTEMS ?? 'vakt (combined';
const sys = SYSTEMS.find((s) => s.name.startsWith(prefix));
if (!sys) throw new Error(`no system named ${prefix}…`);
await sys.init?.();

/** Case id (without its -named/-plain suffix) → probe, numbered as scripts/build-phenomena.mjs numbers cases. */
function probes() {
  const probeOf = new Map();
  let probe;
  let phenomenon;
  let lang;
  let n = 0;
  for (const raw of readFileSync(new URL('../data/phenomena-cases.txt', import.meta.url), 'utf8').split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#')) {
      if (line.includes('Written independently')) probe = line.match(/\((\w+) probe\)/)?.[1] ?? 'first';
    } else if (line.startsWith('@')) {
      [phenomenon, lang] = line.slice(1).split(/\s+/);
      n = 0;
      probe = undefined;
    } else if (line) {
      const id = `ph-${lang}-${phenomenon}-${String(++n).padStart(2, '0')}`;
      if (probe) probeOf.set(id, probe);
    }
  }
  return probeOf;
}

const probeOf = probes();
const tally = new Map();
for (const lang of ['sv', 'en']) {
  const cases = loadPhenomena(lang);
  const scored = await sys.scoreBatch(cases.map(asScored), lang);
  cases.forEach((c, i) => {
    const probe = probeOf.get(c.id.replace(/-(named|plain)$/, ''));
    if (!probe) return;
    const key = `${probe}\t${lang}\t${c.split === 'dev' ? 'held out' : 'development'}`;
    const t = tally.get(key) ?? { right: 0, n: 0 };
    t.n++;
    if (scored[i].label === c.label) t.right++;
    tally.set(key, t);
  });
}
const order = ['first', 'second', 'third', 'fourth', 'fifth'];
const pooled = { sv: { right: 0, n: 0 }, en: { right: 0, n: 0 } };
console.log(`${sys.name} — independent probes (named cases blanked)`);
for (const [key, t] of [...tally].sort(
  ([a], [b]) => order.indexOf(a.split('\t')[0]) - order.indexOf(b.split('\t')[0]) || a.localeCompare(b),
)) {
  const [probe, lang, part] = key.split('\t');
  console.log(`  ${probe.padEnd(7)} ${lang} ${part.padEnd(12)} ${t.right}/${t.n}`);
  if (part === 'held out') {
    pooled[lang].right += t.right;
    pooled[lang].n += t.n;
  }
}
for (const lang of ['sv', 'en']) {
  const p = pooled[lang];
  console.log(`  pooled held out ${lang}: ${p.right}/${p.n} (${((100 * p.right) / p.n).toFixed(1)} %)`);
}
