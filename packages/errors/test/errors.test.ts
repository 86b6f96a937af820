import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERROR_CODE_LIST } from '@vakt/errors/codes';
import { VaktError, toVaktError } from '@vakt/errors/vakt-error';

describe('VaktError', () => {
  it('takes retriability from the catalogue unless overridden', () => {
    expect(new VaktError('VAKT_KAFKA_UNAVAILABLE', 'x').retriable).toBe(true);
    expect(new VaktError('VAKT_SCHEMA_INVALID', 'x').retriable).toBe(false);
    expect(new VaktError('VAKT_SCHEMA_INVALID', 'x', { retriable: true }).retriable).toBe(true);
  });

  it('keeps the cause out of JSON so echoed user data does not reach logs', () => {
    const e = new VaktError('VAKT_CLICKHOUSE_INSERT', 'insert failed', { cause: new Error('row: secret text') });
    expect(JSON.stringify(e)).not.toContain('secret text');
    expect((e.cause as Error).message).toBe('row: secret text');
  });

  it('wraps foreign errors and keeps VaktErrors', () => {
    const v = new VaktError('VAKT_NOT_FOUND', 'nope');
    expect(toVaktError(v)).toBe(v);
    expect(toVaktError(new Error('boom')).code).toBe('VAKT_INTERNAL');
  });
});

describe('docs/errors.md', () => {
  // Proves the catalogue and its documentation cannot drift apart: every code has a section, and no stale ones.
  it('documents exactly the codes in the catalogue', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/errors.md', import.meta.url)), 'utf8');
    const documented = [...doc.matchAll(/^## (VAKT_[A-Z_]+)/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...ERROR_CODE_LIST].sort());
  });
});
