import { Role, type Work } from './prepare.js';

/** Words a negator or modifier looks across (VADER's window). */
export const LOOKBACK = 3;

export const isWord = (w: Work): boolean => w.kind === 'word' || w.kind === 'hashtag';

/** Tokens that close a negation or modifier scope: punctuation, breaks, contrast words and clause words. */
export const endsScope = (w: Work): boolean =>
  w.kind === 'punct' ||
  w.kind === 'break' ||
  w.role === Role.Contrast ||
  w.role === Role.ContrastAdverb ||
  w.role === Role.ClauseBreak;

/** A word that will carry sentiment: has a valence and is not only there to modify its neighbour. */
export const bearsSentiment = (w: Work): boolean => w.base !== 0 && !w.consumed;
