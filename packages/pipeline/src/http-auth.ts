import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The credentials of an `Authorization: Bearer <token>` header, or undefined. The scheme is case-insensitive and
 * separated by one or more spaces (RFC 9110 §11.1, RFC 6750 §2.1), so `bearer  s3cret` names the same client as
 * `Bearer s3cret`: a limit keyed on the client, not on the header text, cannot be dodged by rewriting it.
 */
export function bearerCredentials(authorization: string | undefined): string | undefined {
  const m = /^[ \t]*bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization ?? '');
  return m?.[1];
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Looks a bearer token up among the configured ones. Digests are compared with `timingSafeEqual`, so neither a
 * token's length nor its prefix leaks through timing, and every configured token is compared on every call.
 * Returns the client's name, `token <n>` (1-based position in the configured list): what rate limits and logs key
 * on, never the token itself. Undefined when the header carries no configured token.
 */
export function tokenClients(tokens: readonly string[]): (authorization: string | undefined) => string | undefined {
  const known = tokens.map(digest);
  return (authorization) => {
    const given = bearerCredentials(authorization);
    if (given === undefined) return undefined;
    const d = digest(given);
    let match = -1;
    known.forEach((k, i) => {
      if (timingSafeEqual(k, d) && match < 0) match = i;
    });
    return match < 0 ? undefined : `token ${match + 1}`;
  };
}
