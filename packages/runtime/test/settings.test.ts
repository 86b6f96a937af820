import { describe, expect, it } from 'vitest';
import type { ConfigSpec } from '@vakt/config/spec';
import * as settings from '@vakt/runtime/settings';

describe('setting fragments', () => {
  const all = Object.entries(settings).filter(([k]) => k.endsWith('Settings')) as Array<[string, ConfigSpec]>;
  it('every setting has an upper-case env name, a --flag and a description', () => {
    for (const [, spec] of all) {
      for (const s of Object.values(spec)) {
        expect(s.env).toMatch(/^[A-Z][A-Z0-9_]+$/);
        expect(s.flag).toMatch(/^--[a-z][a-z0-9-]+$/);
        expect(s.description.length).toBeGreaterThan(10);
      }
    }
  });
});

describe('privacy settings check', () => {
  it('warns when a pseudonym key is set while pseudonymisation is off, and only then', async () => {
    const { pseudonymCheck } = await import('@vakt/runtime/settings');
    expect(pseudonymCheck({ pseudonymiseAuthors: false, pseudonymSecret: 'k'.repeat(32) }).warnings).toEqual([
      expect.stringContaining('VAKT_PSEUDONYMISE_AUTHORS is off'),
    ]);
    expect(pseudonymCheck({ pseudonymiseAuthors: true, pseudonymSecret: 'k'.repeat(32) }).warnings).toEqual([]);
    expect(pseudonymCheck({ pseudonymiseAuthors: false, pseudonymSecret: '' }).warnings).toEqual([]);
  });
});
