import { describe, expect, it } from 'vitest';
import { mentionInputValidator, mentionKey, MAX_TEXT_CHARS } from '@vakt/schema/mention';

const valid = {
  id: '1',
  source: 'bluesky',
  text: 'Försäkringskassan svarar aldrig',
  created_at: '2026-11-23T09:00:00Z',
};

describe('MentionInput validator', () => {
  it.each([
    // the minimal mention the issue requires: id, source, text, created_at
    ['minimal', valid, true],
    // optional author and engagement are accepted
    [
      'full',
      {
        ...valid,
        url: 'https://x',
        lang: 'sv',
        author: { id: 'a', handle: 'h', followers: 10 },
        engagement: { reposts: 2 },
        watch: 'fk',
      },
      true,
    ],
    // text is required: an empty post has no sentiment to score
    ['missing text', { ...valid, text: undefined }, false],
    ['empty text', { ...valid, text: '' }, false],
    // a 1 MB text is poison, not a post
    ['oversized text', { ...valid, text: 'a'.repeat(MAX_TEXT_CHARS + 1) }, false],
    // a typo in a field name is caught instead of silently dropped
    ['unknown field', { ...valid, txt: 'x' }, false],
    // dates must be ISO 8601 with time
    ['bad date', { ...valid, created_at: 'yesterday' }, false],
    ['negative followers', { ...valid, author: { followers: -1 } }, false],
  ])('%s', (_name, input, expected) => {
    expect(mentionInputValidator.check(input).ok).toBe(expected);
  });

  it('names the JSON path and keeps only a truncated copy of the raw input', () => {
    const r = mentionInputValidator.check({ ...valid, text: 'x'.repeat(MAX_TEXT_CHARS + 1) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VAKT_SCHEMA_INVALID');
    expect(r.error.message).toContain('/text');
    expect(String(r.error.context['rawTruncated']).length).toBeLessThan(600);
  });

  it('rejects invalid JSON with a clear message instead of throwing', () => {
    const r = mentionInputValidator.parse('{"id": ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/not valid JSON/);
  });

  it('keys by source and id', () => {
    expect(mentionKey(valid)).toBe('bluesky:1');
  });
});
