import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// These run the built CLI as a user would (turbo builds it before its tests).
const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const run = (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) =>
  spawnSync(process.execPath, [CLI, ...args], {
    input: opts.input ?? '',
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('vakt CLI', () => {
  it('lists the commands and exits 2 without one', () => {
    const r = run([]);
    expect(r.status).toBe(2);
    for (const c of ['up', 'service', 'replay', 'score', 'detect', 'sql', 'train', 'explain'])
      expect(r.stdout).toContain(`  ${c}`);
  });

  it('prints help derived from the setting declarations', () => {
    const r = run(['service', 'sink', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--kafka-brokers host:port[,host:port]');
    expect(r.stdout).toContain('env CLICKHOUSE_URL; default: required');
  });

  it('fails fast naming every bad setting, exit 2, nothing started', () => {
    const r = run(['service', 'sink', '--bogus'], { env: { KAFKA_BROKERS: 'kafka', CLICKHOUSE_URL: 'not a url' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('KAFKA_BROKERS: expected host:port[,host:port], got "kafka"');
    expect(r.stderr).toContain('CLICKHOUSE_URL: expected a URL');
    expect(r.stderr).toContain('unknown flag --bogus');
  });

  it('ingest: connector settings are in --help, and a bad one stops the service before it connects to anything', () => {
    expect(run(['service', 'ingest', '--help']).stdout).toContain('env VAKT_RSS_FEEDS');
    // Port 1 refuses connections: had ingest tried Kafka first, it would retry for seconds and name the broker.
    const r = run(['service', 'ingest', '--rss-feeds', 'ftp://x'], { env: { KAFKA_BROKERS: '127.0.0.1:1' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('VAKT_RSS_FEEDS: expected a https: or http: URL, got "ftp://x"');
    expect(r.stderr).not.toMatch(/ECONNREFUSED|seed broker/);
  });

  it('docs/configuration.md is exactly what the declarations generate', () => {
    const r = run(['docs']);
    expect(r.status).toBe(0);
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/configuration.md', import.meta.url)), 'utf8');
    expect(doc).toBe(r.stdout);
  });

  it('score --jsonl: one line per valid input, in order; malformed lines named on stderr; stdout is JSONL only', () => {
    const input = [
      '{"id":1,"text":"Tack för snabb och vänlig hjälp på kundtjänst!","lang":"sv"}',
      '{not json',
      '{"id":"b","text":"This is not good at all"}',
      '{"id":3}',
      '{"id":4,"text":"Appen ligger nere igen 😡"}',
    ].join('\n');
    const r = run(['score', '--jsonl'], { input });
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: unknown; label: string; score: number });
    expect(lines.map((l) => l.id)).toEqual([1, 'b', 4]);
    expect(lines.map((l) => l.label)).toEqual(['positive', 'negative', 'negative']);
    for (const l of lines) expect(l.score).toBeGreaterThanOrEqual(-1);
    expect(r.stderr).toMatch(/line 2: VAKT_SCHEMA_INVALID/);
    expect(r.stderr).toMatch(/line 4: VAKT_SCHEMA_INVALID/);
  });

  it('score --jsonl --watches-file: scores as the pipeline does (names read as blank, domain words applied)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vakt-score-'));
    const file = join(dir, 'watches.yaml');
    writeFileSync(
      file,
      [
        'watches:',
        '  - { name: Försäkringskassan, owners: [comms], query: Försäkringskassan, entities: [], domainWords: { handläggningstid: -3 } }',
        '  - { name: Arbetsförmedlingen, owners: [comms], query: Arbetsförmedlingen, entities: [] }',
      ].join('\n'),
    );
    const input = [
      '{"id":"fk","text":"Försäkringskassan: beslutet kom idag","lang":"sv"}',
      '{"id":"af","text":"Arbetsförmedlingen: beslutet kom idag","lang":"sv"}',
      '{"id":"none","text":"beslutet kom idag","lang":"sv"}',
      '{"id":"domain","text":"Försäkringskassan: handläggningstid åtta månader","lang":"sv"}',
    ].join('\n');
    const r = run(['score', '--jsonl', '--watches-file', file], { input });
    expect(r.status, r.stderr).toBe(0);
    const byId = Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; watches: string[]; p_neg: number; label: string })
        .map((l) => [l.id, l]),
    );
    // Matches carry the watch's id (its name "Försäkringskassan" gives `forsakringskassan`), as in the pipeline.
    expect(byId['fk']!.watches).toEqual(['forsakringskassan']);
    expect(byId['none']!.watches).toEqual([]);
    // Both names are blank to the engine: the same post scores the same whichever agency it names.
    expect(byId['fk']!.p_neg).toBe(byId['af']!.p_neg);
    expect(byId['domain']!.label).toBe('negative');
    const plain = run(['score', '--jsonl'], { input });
    const domainPlain = plain.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; p_neg: number })
      .find((l) => l.id === 'domain')!;
    expect(byId['domain']!.p_neg).toBeGreaterThan(domainPlain.p_neg);
  });

  it('explain prints the token table with the rules that fired', () => {
    const r = run(['explain', 'det är inte otrevligt']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/otrevligt/);
    expect(r.stdout).toMatch(/label positive/);
  });

  it('detect --jsonl answers one line per point', () => {
    const points = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({
        ts: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
        value: i === 45 ? 500 : 10 + (i % 3),
      }),
    );
    const r = run(['detect', '--jsonl'], { input: `${points.join('\n')}\n` });
    expect(r.status).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { ts: string; score: number; alert: boolean });
    expect(out).toHaveLength(50);
    expect(out.every((p) => p.score >= 0 && p.score <= 1)).toBe(true);
  });
});
