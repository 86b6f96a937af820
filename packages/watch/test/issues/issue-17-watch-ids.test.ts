import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateWatches } from '../../src/compile-watch.js';
import { parseWatchesDocument } from '../../src/loader.js';
import { WatchRegistry } from '../../src/registry.js';
import { isWatchId, slugify, storedKeys } from '../../src/slug.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vakt-watch-ids-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
async function open(): Promise<WatchRegistry> {
  const r = await WatchRegistry.open({ dataDir: dir, now: () => Date.parse('2026-12-07T10:00:00Z') });
  if (!r.ok) throw r.error;
  return r.value;
}
const fk = {
  name: 'Försäkringskassan',
  owners: ['comms'],
  query: 'Försäkringskassan OR "Nils Öberg"',
  entities: [{ name: 'Nils Öberg', kind: 'person', query: '"Nils Öberg"' }],
};

describe('issue 17.1: watch names are display names; ids are stable slugs', () => {
  it.each([
    // Swedish letters lose their marks; capitals are lowered.
    ['Försäkringskassan', 'forsakringskassan'],
    ['Skatteverket', 'skatteverket'],
    ['Nils Öberg', 'nils-oberg'],
    ['Café Åre & Älvdalen', 'cafe-are-alvdalen'],
    // Punctuation and runs of spaces are one dash; none at either end.
    ['  SJ: tåg/förseningar!! ', 'sj-tag-forseningar'],
    ['Ærø Straße', 'aero-strasse'],
    // Nothing usable left: still a valid id.
    ['???', 'watch'],
    // Already an id: unchanged (data stored under it before ids existed stays where it is).
    ['trygghetskassan', 'trygghetskassan'],
  ])('%s → %s', (name, id) => {
    expect(slugify(name)).toBe(id);
    expect(isWatchId(slugify(name))).toBe(true);
  });

  it('keeps at most 64 characters and never ends in a dash', () => {
    const id = slugify(`${'Försäkringskassan '.repeat(5)}x`);
    expect(id.length).toBeLessThanOrEqual(64);
    expect(id.endsWith('-')).toBe(false);
  });

  it('creating "Försäkringskassan" gives id forsakringskassan with the name kept; its matches carry the id', async () => {
    const reg = await open();
    const r = await reg.create(fk, 'anna');
    expect(r.ok && { id: r.value.id, name: r.value.name }).toEqual({
      id: 'forsakringskassan',
      name: 'Försäkringskassan',
    });
    expect(reg.get('forsakringskassan')?.name).toBe('Försäkringskassan');
    expect(reg.matcher().match({ text: 'Nils Öberg på Försäkringskassan svarar inte' })).toEqual([
      { watch: 'forsakringskassan', entities: ['Nils Öberg'] },
    ]);
  });

  it('a second name that gives the same id gets a suffix; a given id that is taken is refused', async () => {
    const reg = await open();
    await reg.create(fk, 'anna');
    const second = await reg.create({ ...fk, name: 'Försäkringskassan!' }, 'anna');
    expect(second.ok && second.value.id).toBe('forsakringskassan-2');
    const taken = await reg.create({ ...fk, name: 'FK', id: 'forsakringskassan' }, 'anna');
    expect(!taken.ok && taken.error.message).toContain('id "forsakringskassan" already exists');
  });

  it('renaming keeps the id (data and links stay); changing the id is refused', async () => {
    const reg = await open();
    await reg.create(fk, 'anna');
    const renamed = await reg.update('forsakringskassan', { ...fk, name: 'Försäkringskassan (FK)' }, 'bo');
    expect(renamed.ok && renamed.value.id).toBe('forsakringskassan');
    expect(reg.get('forsakringskassan')?.name).toBe('Försäkringskassan (FK)');
    const moved = await reg.update('forsakringskassan', { ...fk, id: 'fk' }, 'bo');
    expect(!moved.ok && moved.error.message).toContain('id cannot change');
    // The id stays after a restart: it is stored, not derived again from the new name.
    expect((await open()).get('forsakringskassan')?.name).toBe('Försäkringskassan (FK)');
  });

  it('a watches file names its watches freely; ids are derived, in file order when two collide', () => {
    const r = parseWatchesDocument(
      [
        '- { name: Skatteverket, owners: [comms], query: Skatteverket, entities: [] }',
        '- { name: "skatteverket!", owners: [comms], query: skatt, entities: [] }',
      ].join('\n'),
      'yaml',
    );
    expect(r.ok && r.value.map((w) => w.id)).toEqual(['skatteverket', 'skatteverket-2']);
    const dup = validateWatches([
      { ...fk, id: 'fk' },
      { ...fk, name: 'Other', id: 'fk' },
    ]);
    expect(!dup.ok && dup.error.message).toContain('watch id "fk" appears twice');
  });

  it('watches stored before ids existed get their derived id; their old key (the name) is kept as a stored key', async () => {
    // A registry file written by the earlier version: no ids, one watch whose name was not a valid key.
    await writeFile(
      join(dir, 'watches.json'),
      JSON.stringify({
        version: 1,
        watches: [fk, { name: 'trygghetskassan', owners: ['o'], query: 'Trygghetskassan', entities: [] }],
        history: [
          { at: '2026-12-01T00:00:00.000Z', actor: 'anna', action: 'create', watch: 'Försäkringskassan', after: fk },
        ],
      }),
    );
    const reg = await open();
    expect(reg.list().map((w) => [w.id, w.name])).toEqual([
      ['forsakringskassan', 'Försäkringskassan'],
      ['trygghetskassan', 'trygghetskassan'],
    ]);
    // Rows and alerts written then are keyed by the name: the read side asks for both.
    expect(storedKeys(reg.get('forsakringskassan')!)).toEqual(['forsakringskassan', 'Försäkringskassan']);
    expect(storedKeys(reg.get('trygghetskassan')!)).toEqual(['trygghetskassan']);
    // Renaming it (or a watches file that names it without aliases) keeps the old key.
    await reg.update('forsakringskassan', { ...fk, name: 'FK' }, 'bo');
    expect(storedKeys(reg.get('forsakringskassan')!)).toEqual(['forsakringskassan', 'Försäkringskassan']);
    await reg.sync(
      [
        { ...fk, name: 'Försäkringskassan', id: 'forsakringskassan' },
        { name: 'trygghetskassan', owners: ['o'], query: 'Trygghetskassan', entities: [] },
      ],
      'file:watches.yaml',
    );
    expect(storedKeys(reg.get('forsakringskassan')!)).toEqual(['forsakringskassan', 'Försäkringskassan']);
    // A watch created now has only its id: nothing was ever stored under its name.
    expect(
      storedKeys((await reg.create({ ...fk, name: 'Nya Kassan' }, 'anna')).ok ? reg.get('nya-kassan')! : fk),
    ).toEqual(['nya-kassan']);
    // The audit trail written under the name still belongs to the watch (the create then, the two edits above).
    expect(reg.auditLog('forsakringskassan').map((e) => e.watch)).toEqual([
      'Försäkringskassan',
      'forsakringskassan',
      'forsakringskassan',
    ]);
    // A hand-written tag (a feed line's watch, an alert route) finds the watch by name or id.
    expect(reg.resolve('Försäkringskassan')?.id).toBe('forsakringskassan');
    expect(reg.resolve('forsakringskassan')?.id).toBe('forsakringskassan');
    // The next write stores the id.
    await reg.update(
      'trygghetskassan',
      { name: 'Trygghetskassan', owners: ['o'], query: 'Trygghetskassan', entities: [] },
      'bo',
    );
    const stored = JSON.parse(await readFile(join(dir, 'watches.json'), 'utf8')) as {
      watches: Array<{ id: string; name: string }>;
    };
    expect(stored.watches.map((w) => [w.id, w.name])).toEqual([
      ['forsakringskassan', 'Försäkringskassan'],
      ['nya-kassan', 'Nya Kassan'],
      ['trygghetskassan', 'Trygghetskassan'],
    ]);
  });
});
