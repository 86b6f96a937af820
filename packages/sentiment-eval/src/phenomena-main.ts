import { runPhenomena, type PhenomenonTally } from './phenomena.js';
import { SYSTEMS } from './systems/index.js';

// `pnpm phenomena` — accuracy per phenomenon (negated negatives, "knappast", contrast, sarcasm …) of Vakt's own
// cases, development part and held-out part side by side, named organisations blanked as a watch blanks them; plus
// whether blanking changes a verdict. `VAKT_EVAL_SYSTEMS` picks systems by name prefix (default: the lexicon
// engine). `VAKT_PHENOMENA_MISSES=1` lists the development part's misses (never the held-out part's: rules are
// written from the development part only).
const filter = (process.env.VAKT_EVAL_SYSTEMS ?? 'vakt (lexicon').split(',');
const systems = SYSTEMS.filter((s) => filter.some((f) => s.name.startsWith(f)));
const pct = (c: number, n: number): string => (n ? `${((100 * c) / n).toFixed(1)}%` : '-').padStart(6);

for (const sys of systems) {
  await sys.init?.();
  for (const lang of ['sv', 'en'] as const) {
    const r = await runPhenomena(sys, lang);
    console.log(`\n${sys.name} — phenomena-${lang}`);
    console.log(`  ${'phenomenon'.padEnd(22)} ${'development'.padStart(16)} ${'held-out'.padStart(16)}`);
    const names = [...new Set(r.tallies.map((t) => t.phenomenon))];
    const cell = (t: PhenomenonTally | undefined): string =>
      t ? `${pct(t.correct, t.n)} (${t.correct}/${t.n})`.padStart(16) : ''.padStart(16);
    const sum = (part: PhenomenonTally['part']): PhenomenonTally =>
      r.tallies
        .filter((t) => t.part === part)
        .reduce((a, t) => ({ ...a, n: a.n + t.n, correct: a.correct + t.correct }), {
          phenomenon: 'all',
          part,
          n: 0,
          correct: 0,
        });
    for (const p of names) {
      const find = (part: PhenomenonTally['part']) => r.tallies.find((t) => t.phenomenon === p && t.part === part);
      console.log(`  ${p.padEnd(22)} ${cell(find('development'))} ${cell(find('held-out'))}`);
    }
    console.log(`  ${'all'.padEnd(22)} ${cell(sum('development'))} ${cell(sum('held-out'))}`);
    for (const part of ['development', 'held-out'] as const) {
      const m = r.masks[part];
      console.log(
        `  named cases (${part}): ${m.named}; blanked correct ${pct(m.blankedCorrect, m.named).trim()}, same label as the plain twin ${pct(m.sameAsTwin, m.named).trim()}, same label unblanked ${pct(m.sameUnblanked, m.named).trim()}`,
      );
    }
    if (process.env.VAKT_PHENOMENA_MISSES)
      for (const c of r.misses) console.log(`  miss ${c.id} [${c.label}] ${c.text}`);
  }
}
