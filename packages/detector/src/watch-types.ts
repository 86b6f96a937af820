import type { PagePolicyOptions } from './page-policy.js';
import type { RecordDetectorOptions } from './record-detector.js';
import type { SurgingTerm, TermTrackerOptions } from './terms.js';
import type { VelocityOptions } from './velocity.js';

/** The watch detector's inputs, events and options (`watch-detector.ts` re-exports them). */
export type SeriesName = 'negative_count' | 'negative_share' | 'reach_negativity' | 'velocity';

/**
 * One scored mention as the detector needs it. A neutral or positive mention only counts towards its window's total:
 * the detector reads its `at` and `label` and nothing else. For a negative one it also reads the text (surging
 * terms), reach and engagement (weight, velocity) and `payload`, which it carries through to alerts untouched; so
 * `payload` is required for negatives only, and a caller may skip building it for the others.
 */
export type MentionObservation<T> = ObservationFields &
  ({ label: 'negative'; payload: T } | { label: 'neutral' | 'positive'; payload?: T });

/** The fields of a MentionObservation other than its label and payload. */
export interface ObservationFields {
  key: string;
  at: number;
  text: string;
  followers?: number;
  reposts?: number;
  replies?: number;
  /** Age of the post when this engagement snapshot was taken (ingested − created), if known. */
  snapshotAgeMs?: number;
}

/** A series fired (rising edge) or its storm ended. */
export interface WatchEvent<T> {
  kind: 'fire' | 'resolve';
  series: SeriesName;
  /** Window label, e.g. "1m". */
  window: string;
  /** End of the bucket that decided it, or the deciding mention's time when `windowOpen` (event time, ms). */
  at: number;
  score: number;
  observed: number;
  expected: number;
  severity: 'warning' | 'critical';
  /** Negative mentions of the recent windows with the largest reach, largest first. */
  topMentions: T[];
  surgingTerms: SurgingTerm[];
  /** Event time the watch's baseline covered when this was decided. */
  baselineAgeMs: number;
  /** The baseline was younger than the cold-start time: the page needed overwhelming evidence. */
  coldStart: boolean;
  /** How many times the usual evidence a page needed at this age (1 once the baseline is mature). */
  requiredFactor: number;
  /** Negative mentions over the evidence windows beyond the baseline's 99.9 % upper bound (velocity: the post's reposts+replies). */
  support: number;
  /**
   * Decided before the window closed, on its count so far (`at` is the mention that decided it): the figures can
   * still grow, and the closed window confirms the page (or resolves it).
   */
  windowOpen?: boolean;
}

export interface WatchDetectorOptions {
  windowMs?: number;
  latenessMs?: number;
  /** Recent windows whose negatives are evidence (top mentions, surging terms). */
  evidenceWindows?: number;
  /**
   * Page on a window's count so far when it already decides the page (default true), instead of when the window
   * closes, a window plus the lateness later. The closed window confirms it (see `WatchEvent.windowOpen`).
   */
  earlyPages?: boolean;
  /** Record detector options for the count series (negatives, reach); production uses the defaults. */
  count?: RecordDetectorOptions;
  /** Record detector options for the negative share; `priorMentions`: weight of the usual share in each window. */
  share?: RecordDetectorOptions & { priorMentions?: number };
  velocity?: VelocityOptions;
  /** A velocity alert resolves after this long without a new hot post. */
  velocityQuietMs?: number;
  /** Absolute support and cold start, for every series. */
  page?: PagePolicyOptions;
  /** Surging terms: pass the watch's own names as `exclude` so an alert never says the watch's name is surging. */
  terms?: TermTrackerOptions;
}
