import { describe, expect, it } from 'vitest';
import { mentionInputValidator } from '@vakt/schema/mention';
import { truncateRaw } from '@vakt/schema/validate';

// Regression: `check` threw (instead of returning VAKT_SCHEMA_INVALID) when the raw copy of the input could not be
// printed. A JSON body of 50,000 nested arrays overflowed the stack in String(); ingest answered 500.
describe('truncateRaw never throws, so check never throws', () => {
  it('a deeply nested array (valid JSON) is rejected, not thrown', () => {
    const deep: unknown = JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`);
    const r = mentionInputValidator.check(deep);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('VAKT_SCHEMA_INVALID');
  });

  it('values neither JSON.stringify nor String can print get a description', () => {
    const nullProto = Object.assign(Object.create(null) as object, { n: 1n });
    expect(truncateRaw(nullProto)).toBe('[unprintable object]');
    expect(mentionInputValidator.check(nullProto).ok).toBe(false);
  });
});
