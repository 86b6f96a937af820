import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWatchesDocument } from '../../src/loader.js';
import { WatchRegistry } from '../../src/registry.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vakt-watches-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
async function open(): Promise<WatchRegistry> {
  const r = await WatchRegistry.open({ dataDir: dir, now: () => Date.parse('2026-12-07T10:00:00Z') });
  if (!r.ok) throw r.error;
  return r.value;
}
const file = (yaml: string) => {
  const r = parseWatchesDocument(yaml, 'yaml', 'watches.yaml');
  if (!r.ok) throw r.error;
  return r.value;
};

describe('issue 17.2: the watches file manages its watches; dashboard watches are kept', () => {
  it('a restart with a watches file keeps the demo and dashboard watches, marks its own, and reports each change', async () => {
    const reg = await open();
    await reg.sync([{ name: 'trygghetskassan', owners: ['demo'], query: 'Trygghetskassan', entities: [] }], 'demo');
    await reg.create(
      { name: 'Arbetsförmedlingen', owners: ['comms'], query: 'Arbetsförmedlingen', entities: [] },
      'anna',
    );
    // `owners` and `entities` may be left out of the file.
    const r = await reg.sync(file('- { name: Skatteverket, query: Skatteverket }\n'), 'file:watches.yaml', {
      managedBy: 'file',
    });
    expect(r.ok && r.value).toEqual({
      created: 1,
      updated: 0,
      deleted: 0,
      kept: 2,
      changes: [{ action: 'create', id: 'skatteverket', name: 'Skatteverket' }],
    });
    expect(reg.list().map((w) => [w.id, w.managedBy ?? 'dashboard'])).toEqual([
      ['arbetsformedlingen', 'dashboard'],
      ['skatteverket', 'file'],
      ['trygghetskassan', 'dashboard'],
    ]);
    expect(reg.get('skatteverket')).toMatchObject({ owners: [], entities: [] });
  });

  it("a watch dropped from the file is removed; one the file names with a dashboard watch's id is taken over", async () => {
    const reg = await open();
    await reg.create(
      { name: 'Arbetsförmedlingen', owners: ['comms'], query: 'Arbetsförmedlingen', entities: [] },
      'anna',
    );
    await reg.sync(file('- { name: Skatteverket, query: Skatteverket }\n'), 'file', { managedBy: 'file' });
    const r = await reg.sync(file('- { name: Arbetsförmedlingen, query: "Arbetsförmedlingen OR AF" }\n'), 'file', {
      managedBy: 'file',
    });
    expect(r.ok && r.value.changes).toEqual([
      { action: 'update', id: 'arbetsformedlingen', name: 'Arbetsförmedlingen', takenOver: true },
      { action: 'delete', id: 'skatteverket', name: 'Skatteverket' },
    ]);
    expect(reg.get('arbetsformedlingen')).toMatchObject({ managedBy: 'file', query: 'Arbetsförmedlingen OR AF' });
    // The same file again changes nothing.
    const again = await reg.sync(file('- { name: Arbetsförmedlingen, query: "Arbetsförmedlingen OR AF" }\n'), 'file', {
      managedBy: 'file',
    });
    expect(again.ok && again.value.changes).toEqual([]);
  });

  it('a bad file names the file, the watch and its line, as a configuration error', () => {
    const r = parseWatchesDocument(
      'watches:\n  - { name: Skatteverket, query: Skatteverket }\n  - name: Försäkringskassan\n    query: Försäkringskassan\n    owners: comms\n',
      'yaml',
      '/etc/vakt/watches.yaml',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VAKT_CONFIG_INVALID');
    expect(r.error.message).toMatch(/^\/etc\/vakt\/watches\.yaml: watch 2 \("Försäkringskassan"\) at line 3: .*owners/);
    expect(r.error.hint).not.toContain('dead-lettered');
  });
});
