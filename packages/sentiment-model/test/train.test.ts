import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSentimentEngine } from '../src/engine.js';
import { train, type Hyper } from '../src/train.js';

// A tiny made-up corpus in the shared-data layout, so the whole pipeline runs in seconds.
const POS = [
  'Riktigt bra service',
  'Supertrevlig personal',
  'Älskar appen',
  'Snabb leverans, tack',
  'Toppen, allt funkade',
];
const NEG = [
  'Värdelös kundtjänst',
  'Fakturan är fel igen',
  'Usel app, kraschar',
  'Ingen svarar, skandal',
  'Hemskt bemötande',
];
const NEU = [
  'Butiken öppnar klockan tio',
  'Mötet är på tisdag',
  'Vi ses på stationen',
  'Fakturan kom i dag',
  'Appen finns för Android',
];
const SALT = ['', ' idag', ' i Göteborg', ' nu', ' igen', ' hos er', ' på måndag', ' med Anna'];

let root: string;
const hyper: Partial<Hyper> = { buckets: 1 << 12, dim: 8, hidden: 8, epochs: 4, batch: 16, embLr: 0.02, lr: 0.01 };
const quiet = () => {};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vakt-train-'));
  await mkdir(join(root, 'data', 'swe-sentiment'), { recursive: true });
  const rows: string[] = [];
  let i = 0;
  for (const [label, texts] of [
    ['positive', POS],
    ['negative', NEG],
    ['neutral', NEU],
  ] as const) {
    for (const t of texts)
      for (const s of SALT)
        rows.push(
          JSON.stringify({ id: `x:${i++}`, text: t + s, lang: 'sv', label, split: i % 4 === 0 ? 'dev' : 'train' }),
        );
  }
  await writeFile(join(root, 'data', 'swe-sentiment', 'train-dev.jsonl'), rows.join('\n'));
  await writeFile(
    join(root, 'added.jsonl'),
    `${JSON.stringify({ text: 'Fakturastrul för tredje gången', label: 'negative' })}\n`,
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

const run = (out: string, seed: number, add?: string[]) =>
  train({
    dataDir: join(root, 'data'),
    outDir: join(root, out),
    seed,
    add,
    log: quiet,
    hyper,
    now: () => 1_700_000_000_000,
  });

describe('train()', () => {
  it('learns the toy task and writes weights, manifest and a model card', async () => {
    const r = await run('a', 7);
    expect(r.metrics['swe-sentiment']!.macroF1).toBeGreaterThan(0.8);
    const card = await readFile(join(root, 'a', 'MODEL_CARD.md'), 'utf8');
    expect(card).toContain('seed: 7');
    expect(card).toContain('Berggren'); // attribution of the set it was trained on
    expect(card).toMatch(/\| swe-sentiment \| sv \|/);
    const engine = await createSentimentEngine({ modelDir: join(root, 'a') });
    expect(engine.model).toBe('combined');
    expect(engine.scoreBatch([{ text: 'Värdelös kundtjänst igen', lang: 'sv' }])[0]!.label).toBe('negative');
  }, 120_000);

  it('is reproducible: the same seed gives byte-identical weights, another seed does not', async () => {
    await run('b', 7);
    await run('c', 8);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d) => readFile(join(root, d, 'weights.bin'))));
    expect(a!.equals(b!)).toBe(true);
    expect(a!.equals(c!)).toBe(false);
  }, 120_000);

  it('averageFrom ships the average of the iterates: it still learns, and differs from the last iterate', async () => {
    const plain = await run('p', 7);
    const averaged = await train({
      dataDir: join(root, 'data'),
      outDir: join(root, 'avg'),
      seed: 7,
      log: quiet,
      hyper: { ...hyper, averageFrom: 3 },
      now: () => 1_700_000_000_000,
    });
    expect(averaged.metrics['swe-sentiment']!.macroF1).toBeGreaterThan(0.8);
    const [p, v] = await Promise.all(['p', 'avg'].map((d) => readFile(join(root, d, 'weights.bin'))));
    expect(p!.equals(v!)).toBe(false);
    const manifest = JSON.parse(await readFile(join(root, 'avg', 'manifest.json'), 'utf8'));
    expect(manifest.hyper.averageFrom).toBe(3);
    expect(plain.metrics['swe-sentiment']!.n).toBe(averaged.metrics['swe-sentiment']!.n);
  }, 120_000);

  it('--add trains on the extra file and records it in the card and manifest', async () => {
    await run('d', 7, [join(root, 'added.jsonl')]);
    const manifest = JSON.parse(await readFile(join(root, 'd', 'manifest.json'), 'utf8'));
    expect(manifest.data.map((d: { set: string }) => d.set)).toContain('added');
    expect(await readFile(join(root, 'd', 'MODEL_CARD.md'), 'utf8')).toContain('added with `--add`: 1');
    // the base model's weights are untouched by a deployment's retrain
    const [a, d] = await Promise.all(['a', 'd'].map((x) => readFile(join(root, x, 'weights.bin'))));
    expect(a!.equals(d!)).toBe(false);
  }, 120_000);

  it('rejects an --add file with a bad row, naming file and line', async () => {
    await writeFile(join(root, 'bad.jsonl'), '{"text":"ok","label":"positive"}\n{"text":"x","label":"great"}\n');
    await expect(run('e', 7, [join(root, 'bad.jsonl')])).rejects.toMatchObject({
      code: 'VAKT_CONFIG_INVALID',
      message: expect.stringMatching(/bad\.jsonl:2/),
    });
  });
});
