import type { SeriesName } from './watch-types.js';

/**
 * The watch detector's working state, shared by `watch-detector.ts` and `early-pages.ts` and not part of the
 * package's API (`watch-types.ts` holds what callers see).
 */

/** One window of event time: its counts so far, and the heaviest negatives as evidence. */
export interface Bucket<T> {
  start: number;
  total: number;
  negatives: number;
  reach: number;
  negMentions: Array<{ weight: number; text: string; payload: T }>;
  /** Set when the bucket closes: baselines' expected negatives (count) and expected share. */
  expectedNegatives?: number;
  expectedShare?: number;
}

/** The series decided per window (velocity is decided per post). */
export type WindowSeries = Exclude<SeriesName, 'velocity'>;

/**
 * A window series' episode: open (the detector fired and has not released) and whether it was paged.
 * `baseline`: expected negatives per window when the episode opened. A young baseline chases a storm within minutes,
 * so the cold-start ratio is taken against the expectation from before the storm, not the current one.
 * `thresholds`: the series' record thresholds (point, sustained) when the episode opened. The records learn from the
 * storm's own windows, so how far a later window beats the record is measured against the record from before it.
 */
export interface Episode {
  open: boolean;
  paged: boolean;
  baseline: number;
  thresholds: [number, number];
}

/** The facts of one verdict an event reports. */
export interface EventFacts {
  score: number;
  observed: number;
  expected: number;
}
