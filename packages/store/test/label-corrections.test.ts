import { expect, it } from 'vitest';
import { insertMentions } from '../src/tables/mentions.js';
import {
  correctLabel,
  correctionsFor,
  mentionKey,
  queryCorrections,
  toTrainingJsonl,
  trainingExamples,
  type LabelCorrection,
} from '../src/tables/label-corrections.js';
import { eraseAuthor } from '../src/privacy.js';
import { HOSTILE, onBothEngines, scored, uid } from './helpers.js';

const T = Date.parse('2026-11-23T11:00:00.000Z');

onBothEngines('vakt.label_corrections', (ctx) => {
  it('copies text and the model verdict, and keeps only the latest correction per mention (before any merge)', async () => {
    const { store } = ctx();
    const watch = uid();
    const text = HOSTILE.join(' | ');
    const m = scored({ id: "m'1", text, label: 'negative', matches: [{ watch, entities: [] }] });
    expect((await insertMentions(store)([m])).ok).toBe(true);
    let now = T;
    const correct = correctLabel(store, { now: () => now });

    // 1. the analyst says positive; 2. 300 ms later (same second) changes it to neutral; 3. a replay of (1) is older
    const first = await correct({ watch, source: 'x', id: "m'1", label: 'positive', by: "o'brien" });
    if (!first.ok) throw first.error;
    expect(first.value).toEqual({
      watch,
      source: 'x',
      id: "m'1",
      label: 'positive',
      modelLabel: 'negative',
      modelScore: expect.closeTo(-0.7, 5) as number,
      model: 'lexicon-only',
      text: text.replace('\uD800', '\uFFFD'),
      lang: 'sv',
      createdAt: '2026-11-23T10:15:30.000Z',
      correctedBy: "o'brien",
      correctedAt: new Date(T).toISOString(),
    });
    now = T + 300;
    expect((await correct({ watch, source: 'x', id: "m'1", label: 'neutral', by: 'anna' })).ok).toBe(true);

    const all = await queryCorrections(store)({ watch });
    if (!all.ok) throw all.error;
    expect(all.value).toHaveLength(1);
    expect(all.value[0]).toMatchObject({
      label: 'neutral',
      modelLabel: 'negative',
      correctedBy: 'anna',
      correctedAt: new Date(T + 300).toISOString(),
    });
    // the stored text is the mention's, byte for byte (hostile strings survive the round trip)
    expect(all.value[0]?.text).toBe(text.replace('\uD800', '\uFFFD'));
    // both rows really are in the table: the dedup is FINAL's, not a lost insert
    const rs = await store.ch.query({
      query: `SELECT count() AS n FROM vakt.label_corrections WHERE watch = '${watch}'`,
      format: 'JSONEachRow',
    });
    expect(Number((await rs.json<{ n: string }>())[0]?.n)).toBe(2);

    const marks = await correctionsFor(store)(watch, [
      { source: 'x', id: "m'1" },
      { source: 'x', id: 'other' },
    ]);
    expect(marks.ok && [...marks.value.keys()]).toEqual([mentionKey('x', "m'1")]);
    expect(marks.ok && marks.value.get(mentionKey('x', "m'1"))?.label).toBe('neutral');
  });

  it('answers undefined for an unknown mention and refuses bad requests without touching the table', async () => {
    const { store } = ctx();
    const watch = uid();
    const correct = correctLabel(store, { now: () => T });
    const missing = await correct({ watch, source: 'x', id: 'never-stored', label: 'positive', by: 'anna' });
    expect(missing).toEqual({ ok: true, value: undefined });
    const bad = await correct({ watch, source: 'x', id: 'a', label: 'angry' as 'positive', by: 'anna' });
    expect(!bad.ok && bad.error.code).toBe('VAKT_SCHEMA_INVALID');
    const anonymous = await correct({ watch, source: 'x', id: 'a', label: 'positive', by: '' });
    expect(!anonymous.ok && anonymous.error.message).toMatch(/by is required/);
    const listed = await queryCorrections(store)({ watch });
    expect(listed.ok && listed.value).toEqual([]);
  });

  it('lists across watches newest first, filters by time, and survives the mention being erased by retention', async () => {
    const { store } = ctx();
    const [w1, w2] = [uid(), uid()];
    const m = scored({
      id: 'shared',
      matches: [
        { watch: w1, entities: [] },
        { watch: w2, entities: [] },
      ],
    });
    expect((await insertMentions(store)([m])).ok).toBe(true);
    expect(
      (
        await correctLabel(store, { now: () => T })({
          watch: w1,
          source: 'x',
          id: 'shared',
          label: 'positive',
          by: 'a',
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await correctLabel(store, { now: () => T + 1000 })({
          watch: w2,
          source: 'x',
          id: 'shared',
          label: 'neutral',
          by: 'b',
        })
      ).ok,
    ).toBe(true);
    const since = await queryCorrections(store)({ since: T + 1000, limit: 100_000 });
    expect(since.ok && since.value.filter((c) => c.watch === w1 || c.watch === w2).map((c) => c.watch)).toEqual([w2]);
    // the mention goes (retention) but the correction keeps its copy of the text
    await store.ch.command({ query: `ALTER TABLE vakt.mentions DELETE WHERE watch IN ('${w1}', '${w2}')` });
    for (let i = 0; i < 300; i++) {
      // 18.16 has no mutations_sync: wait until the mutation has removed the rows
      const rs = await store.ch.query({
        query: `SELECT count() AS n FROM vakt.mentions WHERE watch IN ('${w1}', '${w2}')`,
        format: 'JSONEachRow',
      });
      if (Number((await rs.json<{ n: string }>())[0]?.n) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const kept = await queryCorrections(store)({ watch: w1 });
    expect(kept.ok && kept.value.map((c) => c.text)).toEqual([m.text]);
  }, 60_000);

  it('GDPR erasure of the author removes their corrections too', async () => {
    const { store } = ctx();
    const watch = uid();
    const mine = scored({
      id: 'e1',
      author: { id: `gone-${watch}`, handle: `gone-${watch}` },
      matches: [{ watch, entities: [] }],
    });
    const other = scored({ id: 'e2', author: { id: 'stays', handle: 'stays' }, matches: [{ watch, entities: [] }] });
    expect((await insertMentions(store)([mine, other])).ok).toBe(true);
    for (const id of ['e1', 'e2'])
      expect(
        (await correctLabel(store, { now: () => T })({ watch, source: 'x', id, label: 'positive', by: 'a' })).ok,
      ).toBe(true);
    const r = await eraseAuthor(store)({ authorId: `gone-${watch}` });
    expect(r.ok && r.value.deleted['label_corrections']).toBe(1);
    const left = await queryCorrections(store)({ watch });
    expect(left.ok && left.value.map((c) => c.id)).toEqual(['e2']);
  }, 60_000);
});

const c = (over: Partial<LabelCorrection>): LabelCorrection => ({
  watch: 'w',
  source: 'x',
  id: '1',
  label: 'positive',
  modelLabel: 'negative',
  modelScore: -0.5,
  model: 'm',
  text: 'bra',
  lang: 'sv',
  createdAt: '2026-11-23T10:00:00.000Z',
  correctedBy: 'a',
  correctedAt: '2026-11-23T11:00:00.000Z',
  ...over,
});

it('training export: one line per mention (latest correction across watches), oldest first, only text/label/lang', () => {
  const rows = [
    c({ watch: 'a', id: '1', label: 'positive', correctedAt: '2026-11-23T11:00:02.000Z' }),
    c({ watch: 'b', id: '1', label: 'neutral', correctedAt: '2026-11-23T11:00:01.000Z' }), // older: loses to watch a
    c({
      id: '2',
      text: 'rad\nbrytning "citat"',
      label: 'negative',
      lang: 'en',
      correctedAt: '2026-11-23T11:00:00.000Z',
    }),
    c({ id: '3', lang: '', correctedAt: '2026-11-23T11:00:03.000Z' }),
  ];
  expect(trainingExamples(rows)).toEqual([
    { text: 'rad\nbrytning "citat"', label: 'negative', lang: 'en' },
    { text: 'bra', label: 'positive', lang: 'sv' },
    { text: 'bra', label: 'positive' },
  ]);
  const jsonl = toTrainingJsonl(rows);
  expect(jsonl.split('\n')).toHaveLength(4); // three lines and the final newline: the text's newline stays escaped
  expect(jsonl.split('\n')[0]).toBe('{"text":"rad\\nbrytning \\"citat\\"","label":"negative","lang":"en"}');
  expect(toTrainingJsonl([])).toBe('');
});
