import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '@vakt/bus/memory';
import { createAlerterApp } from '../src/app.js';

// Issue 16 item 8: a webhook without a secret is refused unless it says `unsigned: true`, which is logged at start.
describe('unsigned webhook destinations', () => {
  const deps = (dataDir: string, dest: object, lines: string[] = []) => ({
    bus: createMemoryBus(),
    now: Date.now,
    log: {
      info: () => undefined,
      warn: (o: object, m?: string) => void lines.push(`${m} ${JSON.stringify(o)}`),
      error: () => undefined,
    },
    destinations: [dest as never],
    dataDir,
    dashboardUrl: 'http://127.0.0.1:8080/',
  });

  it('refuses a webhook with neither a secret nor unsigned: true, naming the way out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vakt-unsigned-'));
    try {
      expect(() =>
        createAlerterApp(deps(dir, { id: 'hook', kind: 'webhook', url: 'http://127.0.0.1:9/hook' })),
      ).toThrow(/needs a signing secret .*unsigned: true/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs an explicitly unsigned webhook at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vakt-unsigned-'));
    const lines: string[] = [];
    const app = createAlerterApp(
      deps(dir, { id: 'hook', kind: 'webhook', url: 'http://127.0.0.1:9/hook', unsigned: true }, lines),
      { tickMs: 0 },
    );
    try {
      await app.start();
      expect(lines.filter((l) => l.includes('unsigned'))).toEqual([expect.stringContaining('"destination":"hook"')]);
    } finally {
      await app.stop(1000);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
