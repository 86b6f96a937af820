import { createHmac } from 'node:crypto';

/**
 * Pseudonymised authors: with a secret, the author id and handle are stored as HMAC-SHA256 pseudonyms,
 * stable per author (so "top authors in a storm" still works) but not reversible without the secret. Erasure
 * computes the same pseudonym from the id/handle in the request. Rotating the secret unlinks old rows from new ones.
 */
export interface Pseudonymiser {
  /**
   * `p:` + 32 hex chars of HMAC(secret, kind + ':' + value); '' stays ''. A value already in that form is returned as
   * it is: ingest pseudonymises before a mention leaves it, and the sink's insert must not hash the pseudonym again
   * (erasure looks rows up by the pseudonym of the clear id/handle).
   */
  (kind: 'id' | 'handle', value: string): string;
  /** Whether the original URL (which often names the handle) is stored. Default false when pseudonymising. */
  readonly keepUrl: boolean;
}

export interface PseudonymOptions {
  /** At least 16 characters; keep it outside ClickHouse (env/secret store). */
  secret: string;
  keepUrl?: boolean;
}

/** What a pseudonym looks like. */
export const PSEUDONYM = /^p:[0-9a-f]{32}$/;

export function createPseudonymiser(opts: PseudonymOptions): Pseudonymiser {
  if (opts.secret.length < 16) throw new TypeError('pseudonym secret must be at least 16 characters');
  const fn = (kind: 'id' | 'handle', value: string): string =>
    value === '' || PSEUDONYM.test(value)
      ? value
      : `p:${createHmac('sha256', opts.secret).update(`${kind}:${value}`).digest('hex').slice(0, 32)}`;
  return Object.assign(fn, { keepUrl: opts.keepUrl ?? false });
}
