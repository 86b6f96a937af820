import { describe, expect, it } from 'vitest';
import { createPseudonymiser, PSEUDONYM } from '../src/pseudonym.js';

describe('createPseudonymiser', () => {
  const p = createPseudonymiser({ secret: 'a-secret-of-16+chars' });

  it('maps an id or handle to a stable p: pseudonym, per kind; empty stays empty', () => {
    expect(p('handle', 'anna')).toMatch(PSEUDONYM);
    expect(p('handle', 'anna')).toBe(p('handle', 'anna'));
    expect(p('id', 'anna')).not.toBe(p('handle', 'anna'));
    expect(p('handle', '')).toBe('');
  });

  // Issue 16 item 6: ingest pseudonymises before a mention leaves it and the sink's insert applies the same
  // pseudonymiser; hashing the pseudonym again would store a value erasure (which hashes the clear handle) never finds.
  it('leaves a pseudonym as it is, so pseudonymising twice is pseudonymising once', () => {
    const once = p('handle', 'anna');
    expect(p('handle', once)).toBe(once);
    expect(p('id', p('id', '42'))).toBe(p('id', '42'));
    // only the exact form is kept: anything else is hashed
    expect(p('handle', 'p:anna')).toMatch(PSEUDONYM);
    expect(p('handle', `${once}x`)).not.toBe(`${once}x`);
  });
});
