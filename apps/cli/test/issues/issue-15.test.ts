import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 15: one verdict, one explanation. `vakt score` and `vakt explain` run the same engine with the same watch
// context; this runs the built CLI over every phenomena case (and the issue's own examples) and compares them.
const CLI = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const run = (args: string[], input: string) =>
  spawnSync(process.execPath, [CLI, ...args], {
    input,
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 1 << 28,
  });
const DATA = fileURLToPath(new URL('../../../../packages/sentiment-eval/data/', import.meta.url));

interface Case {
  id: string;
  text: string;
  lang: 'sv' | 'en';
  mask?: Array<[number, number]>;
}
const cases: Case[] = ['sv', 'en'].flatMap((lang) =>
  readFileSync(join(DATA, `phenomena-${lang}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Case)
    .filter((c) => typeof c.text === 'string'),
);
const ISSUE = [
  'Tack för ingenting, Skatteverket!',
  'Väldigt besviken på beskedet idag.',
  'Skatteverket har tappat min ansökan igen, helt värdelöst',
  'Skatteverkets app kraschar hela tiden, katastrof',
  'Fruktansvärt dåligt bemötande från Skatteverket idag',
  'Anna Berg på Skatteverket intervjuas i Ekot',
  'Does Skatteverket support split payments for the tax bill?',
];
const items = [
  ...cases.map((c) => ({ id: c.id, text: c.text, lang: c.lang })),
  ...ISSUE.map((text, i) => ({ id: `issue-${i}`, text })),
];
const input = `${items.map((i) => JSON.stringify(i)).join('\n')}\n`;

// Every organisation a case names becomes a watch, so names are read as blank exactly as the pipeline reads them.
const names = new Set<string>(['Skatteverket']);
for (const c of cases) for (const [a, b] of c.mask ?? []) names.add(c.text.slice(a, b).replace(/s$/, ''));
const dir = mkdtempSync(join(tmpdir(), 'vakt-issue15-'));
const watchesFile = join(dir, 'watches.json');
writeFileSync(
  watchesFile,
  JSON.stringify({ watches: [...names].map((n) => ({ name: n, owners: ['comms'], query: `"${n}"`, entities: [] })) }),
);

const sign = (l: string): number => (l === 'negative' ? -1 : l === 'positive' ? 1 : 0);
type Scored = { id: string; label: string; score: number; disagreement: boolean; watches?: string[] };
type Explained = {
  id: string;
  label: string;
  score: number;
  sentiment: { label: string; score: number; disagreement: boolean; explanation: Array<{ contribution: number }> };
  lexicon: { label: string };
  explanation: { lines: Array<{ score: number }> };
};
const parse = <T>(stdout: string): T[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

describe('issue 15: vakt score and vakt explain give one verdict', () => {
  const scored = run(['score', '--jsonl', '--watches-file', watchesFile], input);
  const explained = run(['explain', '--jsonl', '--watches-file', watchesFile], input);

  it('agree on label, score and disagreement for every phenomena case and issue example, with the same watches', () => {
    expect(scored.status, scored.stderr).toBe(0);
    expect(explained.status, explained.stderr).toBe(0);
    const s = parse<Scored>(scored.stdout);
    const e = parse<Explained>(explained.stdout);
    expect(s).toHaveLength(items.length);
    expect(e.map((x) => x.id)).toEqual(s.map((x) => x.id));
    s.forEach((x, i) => {
      expect([e[i]!.sentiment.label, e[i]!.sentiment.score, e[i]!.sentiment.disagreement]).toEqual([
        x.label,
        x.score,
        x.disagreement,
      ]);
    });
    // the watches did apply: the issue's examples matched Skatteverket
    expect(s.find((x) => x.id === 'issue-0')!.watches!.map((w) => w.toLowerCase())).toContain('skatteverket');
  });

  it('explains every verdict with lines that sum to its score', () => {
    for (const x of parse<Explained>(explained.stdout)) {
      const sum = x.explanation.lines.reduce((a, l) => a + l.score, 0);
      expect(Math.abs(sum - x.sentiment.score)).toBeLessThan(1e-6);
    }
  });

  it("flags disagreement exactly when the lexicon's polarity and the final label differ", () => {
    for (const x of parse<Explained>(explained.stdout))
      expect(x.sentiment.disagreement).toBe(sign(x.sentiment.label) !== sign(x.lexicon.label));
  });

  it('text output shows the same verdict as the JSON and names the lines', () => {
    const r = spawnSync(
      process.execPath,
      [CLI, 'explain', '--watches-file', watchesFile, 'Väldigt besviken på beskedet idag.'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const one = parse<Explained>(
      run(
        ['explain', '--jsonl', '--watches-file', watchesFile],
        `${JSON.stringify({ id: 1, text: 'Väldigt besviken på beskedet idag.' })}\n`,
      ).stdout,
    )[0]!;
    expect(r.stdout).toContain(
      `label ${one.sentiment.label}  score ${one.sentiment.score >= 0 ? '+' : ''}${one.sentiment.score.toFixed(3)}`,
    );
    expect(r.stdout).toMatch(/score = sum of:[\s\S]*prior[\s\S]*lexicon[\s\S]*words/);
  }, 300_000);
});
