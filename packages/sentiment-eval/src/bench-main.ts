import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { tokenize } from '@vakt/sentiment/tokenize';
import { loadSet, SETS } from './data.js';
import type { EvalLang, SentimentSystem } from './system.js';
import { SYSTEMS } from './systems/index.js';

// `pnpm bench` — texts/s on one core for Vakt and every peer on the same texts, plus memory, in one run.
// Each system runs in its own child process (one core, clean heap), scoring the same posts: the dev rows of
// tweeteval (en) and swe-sentiment + mozetic-sv (sv), each system on the languages it supports. A run lasts
// ~BENCH_SECONDS per system (default 3) after a warm-up. Tokenizers are benchmarked alone too, because the
// hot path choice (our regex tokenizer over wink-nlp's and natural's) rests on these figures.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const require = createRequire(import.meta.url);

function corpus(): Array<{ text: string; lang: EvalLang }> {
  const out: Array<{ text: string; lang: EvalLang }> = [];
  for (const name of ['tweeteval-val', 'swe-sentiment', 'mozetic-sv']) {
    const set = SETS.find((s) => s.name === name)!;
    for (const r of loadSet(set, 'dev')?.rows ?? []) out.push({ text: r.text, lang: set.lang });
  }
  return out;
}

type Bench = { name: string; langs: readonly EvalLang[]; init?: () => Promise<void>; run: (texts: readonly string[], lang: EvalLang) => unknown };

function tokenizers(): Bench[] {
  process.env.DOTENV_CONFIG_QUIET ??= 'true';
  let wink: { readDoc(t: string): { tokens(): { out(): string[] } } } | undefined;
  let aggressive: { tokenize(t: string): string[] } | undefined;
  return [
    { name: 'tokenizer: vakt', langs: ['sv', 'en'], run: (ts) => { for (const t of ts) tokenize(t); } },
    {
      name: 'tokenizer: wink-nlp', langs: ['en'],
      async init() { wink = (require('wink-nlp') as (m: unknown) => typeof wink)(require('wink-eng-lite-web-model')); },
      run: (ts) => { for (const t of ts) wink!.readDoc(t).tokens().out(); },
    },
    {
      name: 'tokenizer: natural Sv', langs: ['sv'],
      async init() { const n = require('natural') as { AggressiveTokenizerSv: new () => typeof aggressive }; aggressive = new n.AggressiveTokenizerSv(); },
      run: (ts) => { for (const t of ts) aggressive!.tokenize(t); },
    },
  ];
}

function fromSystem(s: SentimentSystem): Bench {
  return { name: s.name, langs: s.langs, init: s.init?.bind(s), run: (ts, lang) => s.scoreBatch(ts, lang) };
}

async function child(name: string): Promise<void> {
  const all = [...SYSTEMS.map(fromSystem), ...tokenizers()];
  const b = all.find((x) => x.name === name)!;
  const texts = corpus().filter((c) => b.langs.includes(c.lang));
  const byLang = new Map<EvalLang, string[]>();
  for (const c of texts) byLang.set(c.lang, [...(byLang.get(c.lang) ?? []), c.text]);
  const heap0 = process.memoryUsage().heapUsed;
  await b.init?.();
  // Work in chunks of 100 texts, alternating languages, so a slow system (multilang-sentiment: ~75 ms per post)
  // stops on time instead of finishing a whole pass over the corpus.
  const chunks: Array<[EvalLang, string[]]> = [];
  for (const [lang, ts] of byLang) for (let i = 0; i < ts.length; i += 100) chunks.push([lang, ts.slice(i, i + 100)]);
  chunks.sort((a, b) => chunks.indexOf(a) % 7 - chunks.indexOf(b) % 7);
  const runFor = async (ms: number): Promise<number> => {
    let n = 0;
    const start = performance.now();
    for (let c = 0; performance.now() - start < ms; c = (c + 1) % chunks.length) {
      const [lang, ts] = chunks[c]!;
      await b.run(ts, lang);
      n += ts.length;
    }
    return n;
  };
  await runFor(Math.min(1000, SECONDS * 300)); // warm-up: JIT, lazy lexicon loads, caches
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const n = await runFor(SECONDS * 1000);
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  const mem = process.memoryUsage();
  const chars = texts.reduce((s, t) => s + t.text.length, 0) / Math.max(1, texts.length);
  console.log(JSON.stringify({ name, perSec: n / secs, perCpuSec: n / cpuSecs, n, avgChars: chars, rssMB: mem.rss / 2 ** 20, heapMB: (mem.heapUsed - heap0) / 2 ** 20 }));
}

async function parent(): Promise<void> {
  const names = [...SYSTEMS.map((s) => s.name), ...tokenizers().map((t) => t.name)];
  const filter = process.env.VAKT_BENCH_SYSTEMS?.split(',');
  console.log(`Vakt sentiment benchmark — one process per system, ~${SECONDS}s each, node ${process.version}`);
  // texts/CPU-s is the one-core figure and is robust when the machine is shared; wall texts/s is shown too.
  console.log(`${'system'.padEnd(26)} ${'texts/CPU-s'.padStart(11)} ${'texts/s wall'.padStart(12)}  ${'avg chars'.padStart(9)}  ${'RSS MB'.padStart(7)}  ${'heap+ MB'.padStart(8)}`);
  for (const name of names) {
    if (filter && !filter.some((f) => name.startsWith(f))) continue;
    try {
      const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', name], {
        env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' }, encoding: 'utf8', maxBuffer: 1 << 20,
      });
      const r = JSON.parse(out.trim().split('\n').pop()!) as { perSec: number; perCpuSec: number; avgChars: number; rssMB: number; heapMB: number };
      const num = (x: number, w: number): string => Math.round(x).toLocaleString('en-US').padStart(w);
      console.log(`${name.padEnd(26)} ${num(r.perCpuSec, 11)} ${num(r.perSec, 12)}  ${r.avgChars.toFixed(0).padStart(9)}  ${r.rssMB.toFixed(0).padStart(7)}  ${r.heapMB.toFixed(1).padStart(8)}`);
    } catch (e) {
      console.log(`${name.padEnd(26)} failed: ${(e as Error).message.split('\n')[0]}`);
    }
  }
}

const i = process.argv.indexOf('--child');
if (i >= 0) await child(process.argv[i + 1]!);
else await parent();
