import { afterEach, describe, expect, it, vi } from 'vitest';

describe('importing @vakt/watch/normalize', () => {
  afterEach(() => vi.restoreAllMocks());

  it('changes no environment variable and prints nothing', async () => {
    vi.resetModules();
    const quiet = process.env['DOTENV_CONFIG_QUIET'];
    delete process.env['DOTENV_CONFIG_QUIET'];
    try {
      const before = { ...process.env };
      const write = vi.spyOn(process.stdout, 'write');
      const { stemEn } = await import('@vakt/watch/normalize');
      expect(stemEn('complaints')).toBe('complaint'); // the stemmer loaded and works
      expect(process.env).toEqual(before);
      expect(write).not.toHaveBeenCalled();
    } finally {
      if (quiet === undefined) delete process.env['DOTENV_CONFIG_QUIET'];
      else process.env['DOTENV_CONFIG_QUIET'] = quiet;
    }
  });
});
