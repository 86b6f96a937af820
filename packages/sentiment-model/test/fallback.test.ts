import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '@vakt/sentiment/analyze';
import { VaktError } from '@vakt/errors/vakt-error';
import { afterAll, describe, expect, it } from 'vitest';
import { createSentimentEngine } from '../src/engine.js';
import { DEFAULT_MODEL_DIR, loadModel } from '../src/model-io.js';

const dirs: string[] = [];
async function copyOfModel(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'vakt-model-'));
  dirs.push(d);
  await cp(DEFAULT_MODEL_DIR, d, { recursive: true });
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function spyLogger() {
  const calls: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  return { calls, warn: (obj: object, msg: string) => void calls.push({ obj: obj as Record<string, unknown>, msg }) };
}

// Each case damages a copy of the shipped model in one way; every one must give VAKT_MODEL_UNAVAILABLE.
const DAMAGE: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
  ['missing weights file', (d) => rm(join(d, 'weights.bin')), /weights\.bin is missing/],
  [
    'flipped bytes in the weights',
    async (d) => {
      const b = await readFile(join(d, 'weights.bin'));
      b[1000] = b[1000]! ^ 0xff;
      await writeFile(join(d, 'weights.bin'), b);
    },
    /sha256/,
  ],
  ['truncated weights', (d) => truncate(join(d, 'weights.bin'), 4096), /bytes/],
  ['manifest not JSON', (d) => writeFile(join(d, 'manifest.json'), '{"format": '), /manifest\.json/],
  [
    'manifest from another featuriser',
    async (d) => {
      const m = JSON.parse(await readFile(join(d, 'manifest.json'), 'utf8'));
      await writeFile(join(d, 'manifest.json'), JSON.stringify({ ...m, featurizerVersion: 999 }));
    },
    /featuriser/,
  ],
];

describe('missing or corrupt weights', () => {
  it.each(DAMAGE)('%s: loadModel rejects with a clear VAKT_MODEL_UNAVAILABLE', async (_name, damage, why) => {
    const dir = await copyOfModel();
    await damage(dir);
    const err = await loadModel(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(VaktError);
    expect((err as VaktError).code).toBe('VAKT_MODEL_UNAVAILABLE');
    expect((err as VaktError).message).toMatch(why);
    expect((err as VaktError).message).toMatch(/lexicon-only/);
  });

  it.each(DAMAGE)('%s: the engine logs a warning and scores lexicon-only, never throwing', async (_name, damage) => {
    const dir = await copyOfModel();
    await damage(dir);
    const logger = spyLogger();
    const engine = await createSentimentEngine({ modelDir: dir, logger });
    expect(engine.model).toBe('lexicon-only');
    expect(logger.calls).toHaveLength(1);
    expect(logger.calls[0]!.obj.code).toBe('VAKT_MODEL_UNAVAILABLE');
    const texts = ['Det var inte otrevligt alls', 'Helt värdelös app', 'Great job!'];
    const r = engine.scoreBatch(texts.map((text) => ({ text })));
    r.forEach((x, i) => {
      const a = analyze(texts[i]!);
      expect(x.model).toBe('lexicon-only');
      expect(x.label).toBe(a.label);
      expect(x.score).toBe(a.score);
      expect(x.p_neg + x.p_neu + x.p_pos).toBeCloseTo(1, 6);
      expect(x.disagreement).toBe(false);
    });
  });

  it('a model dir that does not exist also falls back with a warning', async () => {
    const logger = spyLogger();
    const engine = await createSentimentEngine({ modelDir: join(tmpdir(), 'no-such-vakt-model'), logger });
    expect(engine.model).toBe('lexicon-only');
    expect(String(logger.calls[0]!.obj.err)).toMatch(/manifest\.json is missing/);
  });
});

describe('a lexicon that changed since training', () => {
  it('keeps the model but warns that it should be retrained', async () => {
    const dir = await copyOfModel();
    const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...m, lexiconProbe: '0000000000000000' }));
    const logger = spyLogger();
    const engine = await createSentimentEngine({ modelDir: dir, logger });
    expect(engine.model).toBe('combined');
    expect(logger.calls.map((c) => c.obj.reason)).toEqual(['lexicon-changed']);
  });
});
