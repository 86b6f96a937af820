import type { AlertLanguage } from '@vakt/alerting/explain';
import { AlertLifecycle, type Transition } from '@vakt/alerting/lifecycle';
import { PartitionWatermark } from '@vakt/detector/partition-watermark';
import {
  createWatchDetector,
  detectorTiming,
  type WatchDetector,
  type WatchDetectorOptions,
  type WatchEvent,
} from '@vakt/detector/watch-detector';
import type { AlertMention } from '@vakt/schema/alert';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { fireInput, observation } from './evaluate.js';

/**
 * The alerter's decision path without I/O: scored mention → one watch detector per watch → page policy → alert
 * lifecycle (one page per storm). The alerter app wraps it with the bus, the delivery log and the store; the replay
 * bench (`test/bench/alert-replay.mjs`) drives this same object with weeks of mentions, so what it measures is
 * what the service pages.
 */
export interface EvaluatorOptions {
  detector?: WatchDetectorOptions;
  /** Language of each alert's `summary`/`description` (receivers); the dashboard gets every language. */
  language?: AlertLanguage;
  dashboardUrl: string;
}

export function createAlertEvaluator(lifecycle: AlertLifecycle, options: EvaluatorOptions) {
  const detectors = new Map<string, WatchDetector<AlertMention>>();
  /** Fingerprints fired by this process's detectors: restored alerts not in here go stale. */
  const liveFingerprints = new Set<string>();
  const counts = { fired: 0, resolved: 0 };
  // A partition silent for longer than a window plus the lateness is a lull, as the watch detector treats a watch;
  // and never less than 30 s: the scorer with a backlog serves its input partitions in turn, one batch of under a
  // second each, so a partition quiet for seconds may still be about to deliver the oldest mentions.
  const { windowMs, latenessMs } = detectorTiming(options.detector);
  const watermark = new PartitionWatermark({ latenessMs, idleMs: Math.max(windowMs + latenessMs, 30_000) });

  const detectorFor = (watch: string): WatchDetector<AlertMention> => {
    let d = detectors.get(watch);
    // The alerter knows a watch by its id (a slug of its name): its words never surge in the watch's own alerts.
    if (!d)
      detectors.set(
        watch,
        (d = createWatchDetector<AlertMention>({
          ...options.detector,
          terms: { ...options.detector?.terms, exclude: [watch, ...(options.detector?.terms?.exclude ?? [])] },
        })),
      );
    return d;
  };

  function transitionsFor(watch: string, events: WatchEvent<AlertMention>[]): Transition[] {
    const out: Transition[] = [];
    for (const ev of events) {
      if (ev.kind === 'fire') {
        const t = lifecycle.fire(fireInput(watch, ev, options.dashboardUrl, options.language));
        liveFingerprints.add(t.alert.fingerprint);
        if (t.kind === 'firing') counts.fired += 1;
        out.push(t);
      } else {
        const fp = lifecycle
          .active()
          .find(
            (a) => a.labels.watch === watch && a.labels.series === ev.series && a.labels.window === ev.window,
          )?.fingerprint;
        const t = fp ? lifecycle.resolve(fp, ev.at) : undefined;
        if (t) {
          counts.resolved += 1;
          out.push(t);
        }
      }
    }
    return out;
  }

  return {
    lifecycle,
    liveFingerprints,
    counts,
    /** The input partitions assigned now (a consumer group's rebalance changes them). */
    assign(partitions: readonly number[], now: number): void {
      watermark.assign(partitions, now);
    },
    /**
     * One valid scored mention, seen at `now`: the transitions the windows it closes decided. With the input's
     * `partition`, windows close in `batchDone` instead, once the whole batch is in (mentions within a batch need not
     * be in order); without it (one ordered stream, as the replay bench feeds it) on each mention.
     */
    mention(m: ScoredMention, now: number, partition?: number): Transition[] {
      const obs = observation(m);
      if (!Number.isFinite(obs.at)) return [];
      if (partition !== undefined) watermark.observe(partition, obs.at, now);
      const out: Transition[] = [];
      for (const { watch } of m.matches) {
        const events = detectorFor(watch).add(obs, now, partition === undefined ? Infinity : -Infinity);
        if (events.length > 0) out.push(...transitionsFor(watch, events));
      }
      return out;
    },
    /** A batch is in: the windows every partition has passed close. */
    batchDone(now: number): Transition[] {
      return this.advance(now);
    },
    /** Time passes: windows the partitions released, and quiet windows, close. */
    advance(now: number): Transition[] {
      const stream = watermark.current(now);
      const out: Transition[] = [];
      for (const [watch, d] of detectors) out.push(...transitionsFor(watch, d.advance(now, stream)));
      return out;
    },
    /** Mentions left out of detection because their window had already closed, summed over watches. */
    lateMentions(): number {
      let n = 0;
      for (const d of detectors.values()) n += d.lateMentions();
      return n;
    },
  };
}
