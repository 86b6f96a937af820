/**
 * mulberry32: a small, fast, seeded PRNG. The same seed gives the same stream on every machine and Node version,
 * which is what the model's reproducible training, the detector's storm simulator and the demo feed rely on. Not
 * for anything secret (use node:crypto).
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
