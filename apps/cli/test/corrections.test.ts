import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { createStoreClient } from '@vakt/store/client';
import { insertMentions } from '@vakt/store/tables/mentions';
import { correctLabel } from '@vakt/store/tables/label-corrections';
import { loadExtra } from '@vakt/sentiment-model/data';

// The built CLI as a user runs it, over an embedded store that holds analysts' corrections (as `vakt up` leaves it).
const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) => {
  const clean = { ...process.env };
  delete clean['CLICKHOUSE_URL']; // the embedded store is what these tests read
  return spawnSync(process.execPath, [CLI, ...args], {
    input: '',
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
};

const T = Date.parse('2026-11-23T11:00:00.000Z');

function scored(id: string, text: string, watch: string, lang: string): ScoredMention {
  return {
    schemaVersion: 1,
    id,
    source: 'x',
    text,
    created_at: '2026-11-23T10:00:00.000Z',
    ingested_at: '2026-11-23T10:00:01.000Z',
    matches: [{ watch, entities: [] }],
    sentiment: {
      label: 'negative',
      score: -0.5,
      confidence: 0.7,
      lang,
      p_neg: 0.7,
      p_neu: 0.2,
      p_pos: 0.1,
      model: 'combined',
      disagreement: true,
      explanation: [],
    },
    scored_at: '2026-11-23T10:00:02.000Z',
  };
}

describe('vakt corrections export and vakt train --add-corrections', () => {
  let dir: string;
  let empty: string;
  const sarcasm = 'Det var fruktansvärt trevligt\n"verkligen"';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vakt-cli-corrections-'));
    empty = mkdtempSync(join(tmpdir(), 'vakt-cli-corrections-empty-'));
    const store = await createStoreClient({ mode: 'embedded', dataDir: join(dir, 'clickhouse') });
    try {
      const ok = await insertMentions(store)([
        scored('a', sarcasm, 'kassan', 'sv'),
        scored('b', 'Not bad at all', 'kassan', 'en'),
        scored('c', 'Appen', 'banken', 'sv'),
      ]);
      if (!ok.ok) throw ok.error;
      for (const [id, watch, label, at] of [
        ['a', 'kassan', 'positive', T],
        ['b', 'kassan', 'positive', T + 1000],
        ['c', 'banken', 'neutral', T + 2000],
      ] as const) {
        const r = await correctLabel(store, { now: () => at })({ watch, source: 'x', id, label, by: 'anna' });
        if (!r.ok || !r.value) throw new Error(`correction ${id} failed`);
      }
    } finally {
      await store.close(); // chdb: one process per data dir, and the CLI is the next one
    }
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  it('exports every correction as a file the training loader (`vakt train --add`) accepts', async () => {
    const r = run(['corrections', 'export', '--data-dir', dir]);
    expect(r.stderr).toContain('3 training line(s) from 3 correction(s)');
    expect(r.status).toBe(0);
    const file = join(dir, 'exported.jsonl');
    writeFileSync(file, r.stdout);
    const { examples } = await loadExtra(file);
    expect(examples.map((e) => [e.text, e.label, e.lang, e.split])).toEqual([
      [sarcasm, 'positive', 'sv', 'train'],
      ['Not bad at all', 'positive', 'en', 'train'],
      ['Appen', 'neutral', 'sv', 'train'],
    ]);
  }, 120_000);

  it('filters by watch and time', () => {
    const byWatch = run(['corrections', 'export', '--data-dir', dir, '--watch', 'banken']);
    expect(byWatch.stdout).toBe('{"text":"Appen","label":"neutral","lang":"sv"}\n');
    const since = run(['corrections', 'export', '--data-dir', dir, '--since', new Date(T + 1000).toISOString()]);
    expect(
      since.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { text: string }).text),
    ).toEqual(['Not bad at all', 'Appen']);
    const bad = run(['corrections', 'export', '--data-dir', dir, '--since', 'yesterday-ish']);
    expect(bad.status).toBe(2); // bad configuration exits 2, as every setting error does
    expect(bad.stderr).toContain('VAKT_CORRECTIONS_SINCE: expected an ISO 8601 time');
  }, 120_000);

  it('needs the export subcommand; --help comes from the declarations', () => {
    const none = run(['corrections']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('the subcommand is `export`');
    const help = run(['train', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--add-corrections');
    expect(help.stdout).toContain('VAKT_TRAIN_ADD_CORRECTIONS');
    expect(run(['corrections', '--help']).stdout).toContain('--clickhouse-url');
  });

  it('train --add-corrections refuses to run when nothing was corrected (before any training starts)', () => {
    const r = run(['train', '--add-corrections', '--data-dir', empty, '--out', join(empty, 'model')]);
    expect(r.status).toBe(2); // VAKT_CONFIG_INVALID: the flag asks for something the store does not have
    expect(r.stderr).toContain('--add-corrections: no label corrections are stored yet');
    expect(r.stderr).not.toContain('[train] data:'); // the trainer never started
  }, 120_000);
});
