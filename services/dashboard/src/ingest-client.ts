import { VaktError } from '@vakt/errors/vakt-error';
import type { SourceHealth } from './deps.js';

/** Source connector health read from the ingest service's `GET /v1/sources` (distributed mode). */
export function ingestSourcesClient(baseUrl: string, token: string): () => Promise<SourceHealth[]> {
  return async () => {
    let res: Response;
    try {
      res = await fetch(new URL('/v1/sources', baseUrl), {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: AbortSignal.timeout(5_000),
      });
    } catch (cause) {
      throw new VaktError('VAKT_INTERNAL', 'the ingest service is unreachable; check VAKT_INGEST_URL', {
        cause,
        retriable: true,
      });
    }
    const json = (await res.json().catch(() => ({}))) as { sources?: unknown; error?: { message?: string } };
    if (!res.ok)
      throw new VaktError(
        'VAKT_INTERNAL',
        `the ingest service answered ${res.status}: ${json.error?.message ?? ''}`.trim(),
      );
    if (!Array.isArray(json.sources))
      throw new VaktError('VAKT_INTERNAL', "the ingest service's GET /v1/sources answer has no sources list");
    return json.sources as SourceHealth[];
  };
}
