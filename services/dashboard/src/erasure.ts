import { err, ok, type Result } from '@vakt/errors/result';
import { toVaktError, VaktError } from '@vakt/errors/vakt-error';
import type { ErasureReport, ErasureRequest } from '@vakt/store/privacy';
import type { AlertActions, PrivacyActions } from './deps.js';

/**
 * GDPR erasure across every holder of mention data: the store first (its rows, alerts' keys, label
 * corrections, dead letters), which reports the erased mentions' keys and the author's handles; then the alerter,
 * which holds copies in its alerts and its delivery log. `deleted` gains `alerter_alerts` and `alerter_deliveries`.
 *
 * If the alerter cannot be reached the answer is a retriable error saying so: the store part is done, and asking
 * again repeats it harmlessly and sends the alerter the author's handles. The mentions' keys are gone from the store
 * by then, so a retry finds alert copies by handle only: erase by handle (too) when alerts may quote the author.
 */
export function eraseEverywhere(
  store: (req: ErasureRequest) => Promise<Result<ErasureReport>>,
  alerter: Pick<AlertActions, 'eraseMentions'> | undefined,
): PrivacyActions {
  return {
    async eraseAuthor(req) {
      const r = await store(req);
      if (!r.ok || !alerter?.eraseMentions) return r;
      const forget = r.value.forget ?? { keys: [], authors: [] };
      try {
        const a = await alerter.eraseMentions(forget);
        return ok({
          ...r.value,
          deleted: { ...r.value.deleted, alerter_alerts: a.alerts, alerter_deliveries: a.deliveries },
        });
      } catch (e) {
        return err(
          new VaktError(
            'VAKT_INTERNAL',
            `the author was erased from ClickHouse, but the alerter's copies could not be erased (${toVaktError(e).code}); ask again once the alerter is reachable`,
            { cause: e, retriable: true },
          ),
        );
      }
    },
  };
}
