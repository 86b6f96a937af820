import { analyze } from '@vakt/sentiment/analyze';
import { loadSet, SETS } from '/work/main/packages/sentiment-eval/src/data.ts';
import { score } from '/work/main/packages/sentiment-eval/src/metrics.ts';
for (const set of SETS) {
  const rows = loadSet(set, 'train')?.rows ?? [];
  if (!rows.length) continue;
  const gold = rows.map(r => r.label);
  const sc = rows.map(r => analyze(r.text, { lang: set.lang }).score);
  let best = { f: -1, pos: 0, neg: 0 };
  const grid: string[] = [];
  for (let pos = 0.02; pos <= 0.7; pos += 0.04) for (let neg = -0.02; neg >= -0.7; neg -= 0.04) {
    const p = sc.map(v => ({ label: v >= pos ? 'positive' : v <= neg ? 'negative' : 'neutral', score: v } as any));
    const f = score(gold, p, set.classes).macroF1;
    if (f > best.f) best = { f, pos, neg };
  }
  const at = (pos: number, neg: number) => 100 * score(gold, sc.map(v => ({ label: v >= pos ? 'positive' : v <= neg ? 'negative' : 'neutral', score: v } as any)), set.classes).macroF1;
  console.log(set.name, `best pos ${best.pos.toFixed(2)} neg ${best.neg.toFixed(2)} F1 ${(100*best.f).toFixed(1)} | @0.2/-0.1 ${at(0.2,-0.1).toFixed(1)} | @0.3/-0.2 ${at(0.3,-0.2).toFixed(1)} | @0.35/-0.3 ${at(0.35,-0.3).toFixed(1)} zero=${(sc.filter(v=>v===0).length/sc.length*100).toFixed(0)}%`);
}
