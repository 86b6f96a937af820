/**
 * Retry-After (RFC 9110 §10.2.3) as ms from `nowMs`: delay-seconds (digits only) or an HTTP-date. A date already
 * past means "now" (0). Undefined when the header is absent or neither form, so callers fall back to their own wait.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}
