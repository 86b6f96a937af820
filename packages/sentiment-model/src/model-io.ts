import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VaktError } from '@vakt/errors/vakt-error';
import { FEATURIZER_VERSION } from './featurize.js';
import { N_CLASSES, type NetworkWeights } from './network.js';

/**
 * The on-disk model: `manifest.json` (shapes, feature names, temperature, provenance, sha256 of the weights) and
 * `weights.bin` (little-endian arrays back to back: int8 embedding, its per-row scales, then float32 dense weights).
 * Loading verifies the checksum and every shape, so a truncated, corrupt or mismatched file is reported as
 * `VAKT_MODEL_UNAVAILABLE` instead of producing silently wrong scores.
 */

export const MODEL_FORMAT = 'vakt-sentiment-model';
export const MODEL_FORMAT_VERSION = 1;

/** The directory shipped in this package: `packages/sentiment-model/model`. */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../model', import.meta.url));

/**
 * The n-gram-only ablation (same network, no lexicon features), shipped so the eval can show what the lexicon
 * features add: `pnpm eval:sentiment` reports it as "model only". The engine never uses it by default.
 */
export const NGRAM_ONLY_MODEL_DIR = fileURLToPath(new URL('../model/ngram-only', import.meta.url));

/** What the manifest says about a model besides its weights; the model card is written from the same data. */
export interface ModelMeta {
  /** Names of the lexicon features the network was trained on, in order ([] for the n-gram-only ablation). */
  lexiconFeatureNames: string[];
  /** `lexiconFingerprint()` of the lexicon the model was trained with (absent for the n-gram-only ablation). */
  lexiconProbe?: string;
  seed: number;
  commit: string;
  trainedAt: string;
  data: Array<{ set: string; file: string; sha256: string; rows: number }>;
  /** Dev metrics per set, as measured on the shipped (quantised) weights. */
  metrics: Record<string, { n: number; accuracy: number; macroF1: number; macroRecall: number; ece: number }>;
  hyper: Record<string, unknown>;
}

interface Manifest extends ModelMeta {
  format: string;
  formatVersion: number;
  featurizerVersion: number;
  buckets: number;
  dim: number;
  hidden: number;
  temperature: number;
  lexMean: number[];
  lexStd: number[];
  weightsFile: string;
  weightsSha256: string;
  weightsBytes: number;
}

const layout = (w: { buckets: number; dim: number; hidden: number; nLex: number }) => {
  const nIn = w.dim + w.nLex;
  return [
    ['embQ', 1, w.buckets * w.dim],
    ['embScale', 4, w.buckets],
    ['w1', 4, nIn * w.hidden],
    ['b1', 4, w.hidden],
    ['w2', 4, w.hidden * N_CLASSES],
    ['wl', 4, nIn * N_CLASSES],
    ['b2', 4, N_CLASSES],
  ] as const;
};

/** Writes a model with a quantised embedding to `dir` (created if needed). */
export async function saveModel(dir: string, w: NetworkWeights, meta: ModelMeta): Promise<void> {
  if (w.emb.kind !== 'q8') throw new Error('saveModel expects a quantised embedding table');
  const parts: Record<string, ArrayBufferView> = {
    embQ: w.emb.data,
    embScale: w.emb.scale,
    w1: w.w1,
    b1: w.b1,
    w2: w.w2,
    wl: w.wl,
    b2: w.b2,
  };
  const chunks: Buffer[] = [];
  for (const [name, bytesPer, len] of layout(w)) {
    const v = parts[name]!;
    if (v.byteLength !== bytesPer * len)
      throw new Error(`saveModel: ${name} has ${v.byteLength} bytes, expected ${bytesPer * len}`);
    chunks.push(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  }
  const bin = Buffer.concat(chunks);
  const manifest: Manifest = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    featurizerVersion: FEATURIZER_VERSION,
    buckets: w.buckets,
    dim: w.dim,
    hidden: w.hidden,
    temperature: w.temperature,
    lexMean: Array.from(w.lexMean),
    lexStd: Array.from(w.lexStd),
    weightsFile: 'weights.bin',
    weightsSha256: createHash('sha256').update(bin).digest('hex'),
    weightsBytes: bin.length,
    ...meta,
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'weights.bin'), bin);
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
}

/**
 * Reads and verifies a model. Throws `VaktError('VAKT_MODEL_UNAVAILABLE')` naming the file and what is wrong;
 * `expectLexNames` (the running lexicon engine's feature names) must match what the model was trained on.
 */
export async function loadModel(
  dir: string,
  expectLexNames?: readonly string[],
): Promise<{ weights: NetworkWeights; meta: ModelMeta }> {
  const fail = (what: string, cause?: unknown): never => {
    throw new VaktError(
      'VAKT_MODEL_UNAVAILABLE',
      `Sentiment model in ${dir}: ${what}. Scoring falls back to lexicon-only; re-run \`vakt train\` or reinstall @vakt/sentiment-model.`,
      { cause },
    );
  };
  let m: Manifest;
  try {
    m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch (cause) {
    return fail('manifest.json is missing or not valid JSON', cause);
  }
  if (m.format !== MODEL_FORMAT || m.formatVersion !== MODEL_FORMAT_VERSION)
    fail(`unknown format ${String(m.format)} v${String(m.formatVersion)}`);
  if (m.featurizerVersion !== FEATURIZER_VERSION)
    fail(`trained with featuriser v${m.featurizerVersion}, this code is v${FEATURIZER_VERSION}`);
  const okInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
  if (!okInt(m.buckets) || (m.buckets & (m.buckets - 1)) !== 0 || !okInt(m.dim) || !okInt(m.hidden))
    fail('manifest has invalid shapes');
  if (
    !Array.isArray(m.lexiconFeatureNames) ||
    m.lexMean?.length !== m.lexiconFeatureNames.length ||
    m.lexStd?.length !== m.lexiconFeatureNames.length
  )
    fail('manifest lexicon feature lists are inconsistent');
  // LEXICON_FEATURE_NAMES is append-only: a model trained on an older list reads the prefix it knows.
  if (
    expectLexNames &&
    m.lexiconFeatureNames.join('\n') !== expectLexNames.slice(0, m.lexiconFeatureNames.length).join('\n')
  ) {
    fail('it was trained on different lexicon features than @vakt/sentiment now produces');
  }
  if (!(m.temperature > 0)) fail('manifest temperature is not positive');
  let bin: Buffer;
  try {
    bin = await readFile(join(dir, m.weightsFile ?? 'weights.bin'));
  } catch (cause) {
    return fail(`${m.weightsFile} is missing or unreadable`, cause);
  }
  if (bin.length !== m.weightsBytes)
    fail(`${m.weightsFile} has ${bin.length} bytes, the manifest says ${m.weightsBytes}`);
  if (createHash('sha256').update(bin).digest('hex') !== m.weightsSha256)
    fail(`${m.weightsFile} fails its sha256 check (corrupt)`);
  const nLex = m.lexiconFeatureNames.length;
  const shape = { buckets: m.buckets, dim: m.dim, hidden: m.hidden, nLex };
  // Copy into a fresh aligned buffer: Buffer slices may sit at odd offsets in Node's pool.
  const ab = new Uint8Array(bin).buffer;
  const arrays: Record<string, Int8Array | Float32Array> = {};
  let off = 0;
  for (const [name, bytesPer, len] of layout(shape)) {
    arrays[name] = bytesPer === 1 ? new Int8Array(ab, off, len) : new Float32Array(ab, off, len);
    off += bytesPer * len;
  }
  if (off !== bin.length) fail('weights size does not match the manifest shapes');
  const f = (k: string) => arrays[k] as Float32Array;
  for (const k of ['embScale', 'w1', 'b1', 'w2', 'wl', 'b2'])
    if (!f(k).every(Number.isFinite)) fail(`${k} holds non-finite numbers`);
  const {
    format: _f,
    formatVersion: _v,
    featurizerVersion: _fv,
    buckets: _b,
    dim: _d,
    hidden: _h,
    temperature: _t,
    lexMean: _m,
    lexStd: _s,
    weightsFile: _wf,
    weightsSha256: _ws,
    weightsBytes: _wb,
    ...meta
  } = m;
  return {
    weights: {
      ...shape,
      emb: { kind: 'q8', data: arrays.embQ as Int8Array, scale: f('embScale') },
      lexMean: Float32Array.from(m.lexMean),
      lexStd: Float32Array.from(m.lexStd),
      w1: f('w1'),
      b1: f('b1'),
      w2: f('w2'),
      wl: f('wl'),
      b2: f('b2'),
      temperature: m.temperature,
    },
    meta,
  };
}
