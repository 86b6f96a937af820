import type { AlerterOptions } from './app.js';

/**
 * Detector settings for the embedded demo (`vakt up` with the demo feed): the demo storm starts ~25 s after launch
 * and peaks ~55 s later, so windows are 5 s and the baseline learns for 20 s instead of a day. Not for production:
 * with real traffic these would page on every morning rise of a new watch.
 */
export const DEMO_ALERTER_OPTIONS: AlerterOptions = {
  detector: {
    windowMs: 5_000,
    latenessMs: 3_000,
    evidenceWindows: 6,
    // The record detector's clock scaled from days to minutes: a 5-minute median baseline, records of the last 4
    // minutes (shorter than the 5-minute storm cycle, so each cycle's storm is news again), a 30 s sustained horizon.
    // 20 s of history cannot teach a quiet watch's level, so the demo asks for more absolute support than production.
    count: {
      baselineMs: 5 * 60_000,
      memoryMs: 4 * 60_000,
      sustainMs: 30_000,
      warmupPoints: 4,
      warmupMs: 20_000,
      releaseMs: 30_000,
      cooldownMs: 120_000,
      minSupportAbs: 10,
    },
    share: { releaseMs: 30_000, cooldownMs: 120_000, priorMentions: 12, supportFloor: 0.3 },
    velocity: { recordMs: 0 },
    velocityQuietMs: 60_000,
    // The demo's watches are minutes old for its whole life: the cold-start rule (overwhelming evidence, said so in
    // the alert) runs over its first 10 minutes instead of a week.
    page: { coldStartMs: 10 * 60_000 },
  },
  stormGapMs: 60_000,
  staleResolveMs: 5 * 60_000,
};
