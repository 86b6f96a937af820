import type { ScoredMention } from '@vakt/schema/scored-mention';
import type { Alert } from '@vakt/schema/alert';
import type { AlertState, LiveFeed } from '../deps.js';

/**
 * A LiveFeed the caller pushes into: what the lead's bus consumer calls for every record it decodes, and what tests
 * and the load script drive directly. A throwing subscriber is isolated so one broken listener cannot stop the rest.
 */
export function createLocalFeed(): LiveFeed & {
  pushMention(m: ScoredMention): void;
  pushAlert(a: Alert): void;
  pushAlertState(s: AlertState): void;
} {
  const mentionSubs = new Set<(m: ScoredMention) => void>();
  const alertSubs = new Set<(a: Alert) => void>();
  const stateSubs = new Set<(s: AlertState) => void>();
  const each = <T>(subs: Set<(v: T) => void>, v: T): void => {
    for (const cb of subs) {
      try {
        cb(v);
      } catch {
        // A subscriber bug must not block delivery to the other subscribers; subscribers log their own errors.
      }
    }
  };
  return {
    onMention(cb) {
      mentionSubs.add(cb);
      return () => void mentionSubs.delete(cb);
    },
    onAlert(cb) {
      alertSubs.add(cb);
      return () => void alertSubs.delete(cb);
    },
    onAlertState(cb) {
      stateSubs.add(cb);
      return () => void stateSubs.delete(cb);
    },
    pushMention: (m) => each(mentionSubs, m),
    pushAlertState: (st) => each(stateSubs, st),
    pushAlert: (a) => each(alertSubs, a),
  };
}
