import { resolve } from 'node:path';

/** The shared sentiment data: `VAKT_SENTIMENT_DATA`, else `../shared/data/sentiment` next to the repo root (as src/data.ts). */
export function dataDir() {
  return process.env.VAKT_SENTIMENT_DATA ? resolve(process.env.VAKT_SENTIMENT_DATA) : resolve(new URL('../../../', import.meta.url).pathname, '../shared/data/sentiment');
}
