import { isIP } from 'node:net';
import { VaktError } from '@vakt/errors/vakt-error';

// proxy-addr's names for address ranges (https://github.com/jshttp/proxy-addr#proxyaddrreq-trust).
const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Checks `VAKT_TRUST_PROXY` entries (an address, an address/prefix, or one of proxy-addr's range names) and returns
 * the value for fastify's `trustProxy`: false when empty, so X-Forwarded-For is ignored unless a proxy is named.
 * Every bad entry is reported at once.
 */
export function trustProxyOption(entries: readonly string[] | undefined): string[] | false {
  if (!entries?.length) return false;
  const bad = entries.filter((e) => {
    if (NAMED.has(e)) return false;
    const [addr = '', prefix, extra] = e.split('/');
    if (extra !== undefined || !isIP(addr)) return true;
    if (prefix === undefined) return false;
    const max = isIP(addr) === 4 ? 32 : 128;
    return !/^\d{1,3}$/.test(prefix) || Number(prefix) > max;
  });
  if (bad.length) {
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      `VAKT_TRUST_PROXY: expected addresses, CIDRs (10.0.0.0/8) or loopback|linklocal|uniquelocal, got ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
    );
  }
  return [...entries];
}
