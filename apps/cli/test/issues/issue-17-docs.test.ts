import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mentionInputValidator } from '@vakt/schema/mention';
import { loadAlerting } from '@vakt/alerting/config-file';

// Issue 17 items 5 and 6: what users send and configure is documented from the schemas, `vakt docs --help` is help,
// and every documented command runs with what `npm start` installed (no global pnpm).
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLI = join(ROOT, 'apps/cli/dist/main.js');
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const jsonBlock = (md: string): unknown => JSON.parse(/```json[^\n]*\n([\s\S]*?)\n```/.exec(md)![1]!);

/**
 * Every Markdown file a user reads for commands: the README, docs/, and every .md under packages, services,
 * dashboards, infra and test (READMEs at any depth, model cards, notices), without dependencies or build output.
 */
function userDocs(): string[] {
  const out = ['README.md'];
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(p);
    }
  };
  for (const dir of ['docs', 'apps', 'packages', 'services', 'dashboards', 'infra', 'test']) walk(dir);
  return out;
}

describe('issue 17 item 5: reference docs generated from the schemas', { timeout: 60_000 }, () => {
  it.each([
    ['ingest-api', 'docs/ingest-api.md'],
    ['alerting-file', 'docs/alerting-file.md'],
    ['configuration', 'docs/configuration.md'],
  ])('`vakt docs %s` generates %s exactly', (name, file) => {
    const r = run(['docs', name]);
    expect(r.status).toBe(0);
    expect(read(file)).toBe(r.stdout);
  });

  it('every field of the schemas is in the docs, with its description', () => {
    const api = read('docs/ingest-api.md');
    for (const f of [
      'id',
      'source',
      'text',
      'created_at',
      'url',
      'lang',
      'author.handle',
      'author.followers',
      'engagement.reposts',
      'watch',
    ])
      expect(api).toContain(`| \`${f}\` |`);
    const alerting = read('docs/alerting-file.md');
    for (const f of [
      'destinations[].kind',
      'destinations[].secretEnv',
      'destinations[].routingKeyEnv',
      'destinations[].rateLimit.perMinute',
      'routes[].minSeverity',
      'routes[].to',
    ])
      expect(alerting).toContain(`| \`${f}\` |`);
  });

  it("the docs' examples are valid as written", async () => {
    const mentions = jsonBlock(read('docs/ingest-api.md')) as unknown[];
    expect(mentions.length).toBeGreaterThan(0);
    for (const m of mentions) expect(mentionInputValidator.check(m).ok).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'vakt-alerting-')), 'alerting.json');
    writeFileSync(file, JSON.stringify(jsonBlock(read('docs/alerting-file.md'))));
    const loaded = await loadAlerting({
      file,
      env: { VAKT_ONCALL_SECRET: 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=', VAKT_PAGERDUTY_KEY: 'k' },
    });
    expect(loaded.destinations.map((d) => d.id)).toEqual(['oncall', 'komm-slack', 'pager']);
  });

  it('the README links them and lists `vakt corrections`', () => {
    const readme = read('README.md');
    expect(readme).toContain('(docs/ingest-api.md)');
    expect(readme).toContain('(docs/alerting-file.md)');
    expect(readme).toMatch(/^\| `npm run -s vakt -- corrections /m);
  });

  it('`vakt docs --help` prints help (exit 0), not the docs; an unknown doc is a usage error', () => {
    const help = run(['docs', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: vakt docs \[NAME\]/);
    expect(help.stdout).not.toContain('# Configuration');
    for (const n of ['configuration', 'ingest-api', 'alerting-file']) expect(help.stdout).toContain(`  ${n}`);
    const bad = run(['docs', 'nonsense']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown doc "nonsense"');
  });
});

describe('issue 17 item 6: documented commands need no global pnpm', { timeout: 120_000 }, () => {
  it('no user doc tells users to run a bare `pnpm` command', () => {
    const offenders: string[] = [];
    for (const file of userDocs()) {
      read(file)
        .split('\n')
        .forEach((line, i) => {
          // `npx pnpm@…` is fine (npx runs the pinned one npm start installed); a bare `pnpm …` command is not.
          if (
            /(?<![\w@./-])pnpm (-s |--filter |-r |[a-z]+:[a-z-]+|eval\b|bench\b|tune\b|phenomena\b|vakt\b)/.test(
              line.replace(/npx pnpm@[\d.]+/g, ''),
            )
          )
            offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('`npm run -s vakt -- …` runs the CLI when the only pnpm on PATH refuses to work, and prints nothing of npm', () => {
    // The machine: a global pnpm of another version that fails ("no registry signature").
    const bin = mkdtempSync(join(tmpdir(), 'vakt-fake-pnpm-'));
    writeFileSync(join(bin, 'pnpm'), '#!/bin/sh\necho "no registry signature" >&2\nexit 1\n');
    chmodSync(join(bin, 'pnpm'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin` };
    const r = spawnSync('npm', ['run', '-s', 'vakt', '--', 'docs', '--help'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: vakt docs/);
    const score = spawnSync('npm', ['run', '-s', 'vakt', '--', 'score', '--jsonl'], {
      cwd: ROOT,
      env,
      input: '{"id":"a","text":"Appen ligger nere igen, helt oacceptabelt","lang":"sv"}\n',
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(score.status).toBe(0);
    expect(JSON.parse(score.stdout.trim())).toMatchObject({ id: 'a', label: 'negative' });
  });
});
