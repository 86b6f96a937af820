import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSet, SETS } from '../src/data.js';

// The labelled sets stay outside the repository (their tweet texts may not be redistributed): a run without them
// must say which variable points at them, not report every set as empty.
describe('the sentiment data folder', () => {
  const external = SETS.find((s) => !s.file.startsWith('/'))!;

  it('fails naming VAKT_SENTIMENT_DATA when the folder is missing', () => {
    expect(() => loadSet(external, 'dev', join(tmpdir(), 'vakt-no-such-sentiment-data'))).toThrow(
      /no sentiment data at .*vakt-no-such-sentiment-data: set VAKT_SENTIMENT_DATA/,
    );
  });

  it('skips a set the folder does not hold (a partial download)', () => {
    expect(loadSet(external, 'dev', mkdtempSync(join(tmpdir(), 'vakt-sentiment-')))).toBeUndefined();
  });
});
