import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveModelDir } from '../src/engine.js';

// The adaptation loop: analysts correct labels, `vakt train --add-corrections` writes <data-dir>/model, and the
// scorer picks that model up on its next start without extra configuration.
describe('resolveModelDir', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vakt-model-dir-'));

  it('uses the shipped model (undefined) when the data dir holds no adapted model', () => {
    expect(resolveModelDir({ dataDir })).toBeUndefined();
    mkdirSync(join(dataDir, 'model'), { recursive: true }); // an empty folder is not a model
    expect(resolveModelDir({ dataDir })).toBeUndefined();
  });

  it('uses <data-dir>/model once training wrote a manifest there', () => {
    writeFileSync(join(dataDir, 'model', 'manifest.json'), '{}');
    expect(resolveModelDir({ dataDir })).toBe(join(dataDir, 'model'));
  });

  it('an explicit model dir wins', () => {
    expect(resolveModelDir({ dataDir, modelDir: '/opt/models/x' })).toBe('/opt/models/x');
  });
});
