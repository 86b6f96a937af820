import type { SentimentSystem } from '../system.js';
import { afinn, multilang, natural, nlpjs, vader, wink } from './peers.js';
import { vakt, vaktDetect } from './vakt.js';
import { vaktCombined } from './vakt-combined.js';
import { vaktModel } from './vakt-model.js';

/**
 * Every system the eval and the bench run, Vakt first. To add one (the learned model: `vakt-model.ts`,
 * `vakt-combined.ts`), export a `SentimentSystem` from a file here and list it below.
 */
export const SYSTEMS: readonly SentimentSystem[] = [
  vaktCombined,
  vaktModel,
  vakt,
  vaktDetect,
  vader,
  afinn,
  wink,
  natural,
  multilang,
  nlpjs,
];
