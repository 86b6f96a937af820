import { FormatRegistry } from '@sinclair/typebox';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

const recorded = readFileSync(new URL('./fixtures/scored-mention-v1.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n');
const load = async () => {
  vi.resetModules();
  return import('@vakt/schema/scored-mention-decode');
};

describe("the fast ScoredMention check and TypeBox's process-wide format registry", () => {
  afterEach(() => FormatRegistry.Delete('date-time'));

  it('importing the decoder registers nothing; the first check registers its date-time', async () => {
    const { isScoredMention } = await load();
    expect(FormatRegistry.Has('date-time')).toBe(false);
    expect(isScoredMention(JSON.parse(recorded[0]!))).toBe(true);
    expect(FormatRegistry.Has('date-time')).toBe(true);
  });

  it('refuses a date-time registered by someone else (its answers could be wider than ajv)', async () => {
    FormatRegistry.Set('date-time', () => true);
    const { isScoredMention } = await load();
    expect(() => isScoredMention(JSON.parse(recorded[0]!))).toThrow(/registered elsewhere/);
  });
});
