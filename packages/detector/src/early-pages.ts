import { poissonUpper, type PagePolicy } from './page-policy.js';
import type { PointPeek, RecordDetector, RecordVerdict } from './record-detector.js';
import type { Bucket, Episode, EventFacts, WindowSeries } from './watch-state.js';
import type { SeriesName, WatchEvent } from './watch-types.js';

/** The series that can page on a window's count so far (the share is not monotone in the count). */
type CountSeries = Exclude<WindowSeries, 'negative_share'>;

/** What the early pages read and change of the watch detector's state (the same objects, not copies). */
interface EarlyPagesState<T> {
  detectors: Record<CountSeries, RecordDetector>;
  episodes: Record<WindowSeries, Episode>;
  policy: PagePolicy;
  evidenceWindows: number;
  /** Windows still counting, by start. */
  open: ReadonlyMap<number, Bucket<T>>;
  /** The newest closed windows, oldest first (at most `evidenceWindows`). */
  recent: readonly Bucket<T>[];
  /** The watch detector's event builder, so an early fire reads like one decided at the close. */
  event(
    kind: 'fire',
    series: SeriesName,
    v: EventFacts,
    sup: number,
    w: { at: number; negatives: number; expectedNegatives: number; windowOpen: boolean },
  ): WatchEvent<T>;
}

/**
 * Early pages: paging a storm while its window is still counting, and settling that page when the window closes.
 * Kept apart from the watch detector because it is a decision on a different clock (each negative mention, not each
 * closed window) with bookkeeping of its own: which window paged early, per series, until that window closes.
 */
export function createEarlyPages<T>(state: EarlyPagesState<T>) {
  const { detectors, episodes, policy, evidenceWindows, open, recent } = state;
  /** Per series: the window whose count paged before it closed, until that window closes. */
  const earlyWindow = new Map<WindowSeries, number>();

  /**
   * The support over the evidence windows the close will count: this window, the earlier ones still open (as they
   * stand, at this window's expectation) and the newest closed ones.
   */
  function earlySupport(b: Bucket<T>, expected: number): number {
    let observed = b.negatives;
    let plausible = expected;
    let windows = 1;
    for (const [start, o] of open) {
      if (start >= b.start) continue;
      observed += o.negatives;
      plausible += expected;
      windows += 1;
    }
    for (const r of recent.slice(Math.max(0, recent.length - (evidenceWindows - windows)))) {
      observed += r.negatives;
      plausible += r.expectedNegatives ?? 0;
    }
    return Math.max(0, observed - poissonUpper(plausible));
  }

  return {
    /**
     * Pages a storm while its window is still counting, when the count so far already decides it: negatives and
     * reach only grow as mentions arrive, and the record test on the point horizon, the support and the cold-start
     * rule are all monotone in them, so the closed window would page too, a window plus the lateness later. The
     * share is not monotone (more calm mentions lower it) and the sustained horizon needs the closed window: both
     * wait for the close. Windows before this one that are still open are counted towards the support as they stand.
     */
    page(b: Bucket<T>, at: number, out: WatchEvent<T>[]): void {
      if (b.negatives < policy.options.minSupport) return;
      const count = detectors.negative_count.peek({ ts: b.start, value: b.negatives });
      const expected = count.expected;
      let sup: number | undefined;
      const values: Array<[CountSeries, PointPeek]> = [
        ['negative_count', count],
        ['reach_negativity', detectors.reach_negativity.peek({ ts: b.start, value: b.reach })],
      ];
      for (const [series, v] of values) {
        const ep = episodes[series];
        if (ep.open || !v.alert) continue;
        sup ??= earlySupport(b, expected);
        const recordExcess = v.pointSurprise - v.pointThreshold;
        if (!policy.allows({ support: sup, negatives: b.negatives, expectedNegatives: expected, recordExcess })) {
          continue;
        }
        Object.assign(ep, {
          open: true,
          paged: true,
          baseline: expected,
          thresholds: [v.pointThreshold, v.sustainedThreshold],
        });
        earlyWindow.set(series, b.start);
        const facts = { score: v.score, observed: v.observed, expected: v.expected };
        out.push(
          state.event('fire', series, facts, sup, {
            at,
            negatives: b.negatives,
            expectedNegatives: expected,
            windowOpen: true,
          }),
        );
      }
    },
    /**
     * At the close of the window starting at `start`: whether the series' page from that window's count so far is
     * withdrawn. Its closing almost always confirms it (the point test is monotone in the count); when it does not
     * (an earlier window still open then took the record), the caller resolves the page now rather than leaving it
     * open with no storm behind it.
     */
    withdrawn(series: WindowSeries, start: number, v: RecordVerdict): boolean {
      if (earlyWindow.get(series) !== start) return false;
      earlyWindow.delete(series);
      return !v.alert && v.state !== 'firing';
    },
  };
}
