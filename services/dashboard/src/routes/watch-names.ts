import { nameWords, withoutNames } from '@vakt/detector/terms';
import type { AlertState, WatchRegistry } from '../deps.js';

/**
 * Surging terms as the dashboard shows them: without the watch's own names (its name, id and the people it follows)
 * and without stop words. Every mention of a watch names it, so its name would lead every list ("trygghetskassan
 * ×4081.8") and tell the reader nothing.
 */
export type NameWords = (watch: string) => Promise<ReadonlySet<string>>;

/**
 * The words of a watch's names; for an unknown watch (an alert from a deleted one still shows) the words of its id.
 * Make one per request: it looks each watch up once, however many alerts name it.
 */
export function watchNameWords(watches: Pick<WatchRegistry, 'get'> | undefined): NameWords {
  const seen = new Map<string, Promise<ReadonlySet<string>>>();
  const lookup = async (id: string): Promise<ReadonlySet<string>> => {
    // A missing watch is not an error here: the alert is still shown, only its id's words are dropped.
    const w = watches ? await watches.get(id).catch(() => undefined) : undefined;
    if (!w) return nameWords([id]);
    return nameWords([w.id, w.name, ...w.entities.filter((e) => e.kind === 'person').map((e) => e.name)]);
  };
  return (id) => {
    let p = seen.get(id);
    if (!p) seen.set(id, (p = lookup(id)));
    return p;
  };
}

/** The alert with its evidence's surging terms cleaned the same way. */
export async function cleanAlertTerms(s: AlertState, words: NameWords): Promise<AlertState> {
  const terms = s.alert.evidence.surgingTerms;
  const kept = withoutNames(terms, await words(s.alert.labels.watch));
  if (kept.length === terms.length) return s;
  return { ...s, alert: { ...s.alert, evidence: { ...s.alert.evidence, surgingTerms: kept } } };
}
