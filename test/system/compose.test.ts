import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// infra/compose.yaml is the production stack; no Docker engine runs here, so the file is checked the way the brief
// asks: Debian's docker-compose must accept it (`docker-compose config` resolves anchors, merges and defaults),
// and what it resolves to is asserted below.
const file = fileURLToPath(new URL('../../infra/compose.yaml', import.meta.url));

interface Service { environment?: Record<string, string>; volumes?: string[]; command?: string[]; image?: string }

function resolved(): { services: Record<string, Service>; volumes: Record<string, unknown> } {
  let out: string;
  try {
    out = execFileSync('docker-compose', ['-f', file, 'config'], { encoding: 'utf8', env: { ...process.env, CLICKHOUSE_PASSWORD: 'test-secret' } });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new Error('docker-compose is not installed: run `sudo bash infra/scripts/install-system-deps.sh` (Debian package docker-compose)');
    throw new Error(`docker-compose rejected infra/compose.yaml:\n${err.stderr ?? err.message}`);
  }
  return parse(out) as { services: Record<string, Service>; volumes: Record<string, unknown> };
}

describe('infra/compose.yaml', () => {
  const c = resolved();
  const vakt = ['ingest', 'scorer', 'sink', 'alerter', 'dashboard'];

  it('runs KRaft Kafka (no ZooKeeper), ClickHouse server and every Vakt service', () => {
    expect(Object.keys(c.services).sort()).toEqual(['alerter', 'clickhouse', 'dashboard', 'ingest', 'kafka', 'scorer', 'sink']);
    expect(c.services['kafka']!.environment!['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    for (const s of vakt) expect(c.services[s]!.command).toEqual(['service', s]);
  });

  it('gives every Vakt service a persistent data dir, and lets ingest, scorers and dashboard share the watches', () => {
    const dataVolume = (s: string): string | undefined => c.services[s]!.volumes?.find((v) => v.split(':')[1] === '/var/lib/vakt')?.split(':')[0];
    for (const s of vakt) expect(dataVolume(s), `${s} has no volume at /var/lib/vakt`).toBeDefined();
    expect(new Set(['ingest', 'scorer', 'dashboard'].map(dataVolume))).toEqual(new Set(['vakt-watches']));
    expect(dataVolume('sink')).not.toBe(dataVolume('alerter'));
    for (const v of vakt.map(dataVolume)) expect(c.volumes).toHaveProperty(v!);
  });

  it('passes the ClickHouse password from the environment instead of baking one in', () => {
    for (const s of [...vakt, 'clickhouse']) expect(c.services[s]!.environment!['CLICKHOUSE_PASSWORD']).toBe('test-secret');
  });

  it('refuses to start without a ClickHouse password (no well-known default such as change-me)', () => {
    const { CLICKHOUSE_PASSWORD: _drop, ...env } = process.env;
    let stderr = '';
    try {
      execFileSync('docker-compose', ['-f', file, 'config'], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      stderr = String((e as { stderr?: string }).stderr);
    }
    expect(stderr).toContain('set CLICKHOUSE_PASSWORD to a long random value');
  });
});
