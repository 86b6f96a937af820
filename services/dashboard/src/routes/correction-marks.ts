import type { Label, ScoredMention } from '@vakt/schema/scored-mention';
import { mentionKey } from '@vakt/store/tables/label-corrections';
import type { DashboardStore } from '../deps.js';

/** What a mention in a list carries when an analyst has corrected it (the model's own verdict stays in `sentiment`). */
export interface CorrectionMark {
  label: Label;
  correctedBy: string;
  correctedAt: string;
}

/**
 * Adds `correction` to each mention that has one. A mention is looked up in the watch it was listed for: the queried
 * watch, or (across all watches) the first watch it matched, which is the row the store returned it from.
 */
export async function withCorrections<M extends ScoredMention>(
  store: DashboardStore,
  mentions: M[],
  watch: string | undefined,
): Promise<(M & { correction?: CorrectionMark })[]> {
  const byWatch = new Map<string, M[]>();
  for (const m of mentions) {
    const w = watch ?? m.matches[0]?.watch;
    if (w === undefined) continue;
    byWatch.set(w, [...(byWatch.get(w) ?? []), m]);
  }
  const marks = new Map<M, CorrectionMark>();
  await Promise.all(
    [...byWatch].map(async ([w, ms]) => {
      const found = await store.correctionsFor(
        w,
        ms.map((m) => ({ source: m.source, id: m.id })),
      );
      for (const m of ms) {
        const c = found.get(mentionKey(m.source, m.id));
        if (c) marks.set(m, { label: c.label, correctedBy: c.correctedBy, correctedAt: c.correctedAt });
      }
    }),
  );
  return mentions.map((m) => {
    const mark = marks.get(m);
    return mark ? { ...m, correction: mark } : m;
  });
}
