import { VaktError } from '@vakt/errors/vakt-error';
import {
  alertActionListValidator,
  alertStateListValidator,
  alertStateValidator,
  erasedCountsValidator,
} from '@vakt/schema/alert-state';
import type { Validator } from '@vakt/schema/validate';
import type { AlertActions } from './deps.js';

/**
 * AlertActions over the alerter's HTTP API (distributed mode): the alert lifecycle lives in the alerter process,
 * so ack/silence/resolve go there and every dashboard process sees the same state.
 */
export function alerterClient(baseUrl: string, token: string): AlertActions {
  // The alerter is another process: its answers are validated like any other input at a boundary.
  const call = async <T>(validator: Validator<T>, method: 'GET' | 'POST', path: string, body?: object): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(new URL(path, baseUrl), {
        method,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (cause) {
      throw new VaktError('VAKT_INTERNAL', 'the alerter is unreachable; check VAKT_ALERTER_URL', {
        cause,
        retriable: true,
      });
    }
    const json = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    if (res.status === 404) throw new VaktError('VAKT_NOT_FOUND', json.error?.message ?? 'no such alert');
    if (!res.ok)
      throw new VaktError('VAKT_INTERNAL', `the alerter answered ${res.status}: ${json.error?.message ?? ''}`.trim());
    const checked = validator.check(json);
    if (!checked.ok)
      throw new VaktError(
        'VAKT_INTERNAL',
        `the alerter's answer to ${method} ${path.split('?')[0]} is not a valid ${validator.name}: ${checked.error.message}`,
        { cause: checked.error },
      );
    return checked.value;
  };
  const fp = (f: string) => encodeURIComponent(f);
  return {
    list: (q) =>
      call(
        alertStateListValidator,
        'GET',
        `/v1/alerts?${new URLSearchParams(
          Object.entries(q)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, String(v)] as [string, string]),
        )}`,
      ),
    get: (f) => call(alertStateValidator, 'GET', `/v1/alerts/${fp(f)}`),
    history: (f) => call(alertActionListValidator, 'GET', `/v1/alerts/${fp(f)}/history`),
    ack: (f, by, comment) =>
      call(alertStateValidator, 'POST', `/v1/alerts/${fp(f)}/ack`, { by, ...(comment ? { comment } : {}) }),
    resolve: (f, by, comment) =>
      call(alertStateValidator, 'POST', `/v1/alerts/${fp(f)}/resolve`, { by, ...(comment ? { comment } : {}) }),
    silence: (f, until, by, comment) =>
      call(alertStateValidator, 'POST', `/v1/alerts/${fp(f)}/silence`, { by, until, ...(comment ? { comment } : {}) }),
    eraseMentions: (req) =>
      call(erasedCountsValidator, 'POST', '/v1/privacy/erase-mentions', { keys: req.keys, authors: req.authors }),
  };
}
