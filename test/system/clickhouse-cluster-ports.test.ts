import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * infra/clickhouse/ports.mjs, which every ClickHouse and ZooKeeper launcher picks its ports through: launchers
 * starting at once (the fault and system suites, a bench) never get the same port, and no port is in the kernel's
 * ephemeral range, where outgoing connections would take it between the check and the server's bind.
 */
const PORTS = fileURLToPath(new URL('../../infra/clickhouse/ports.mjs', import.meta.url));
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Node code run with the ports module as `ports`, `readFileSync`, and the test's reservation dir. */
const script = (code: string): string[] => [
  '--input-type=module',
  '-e',
  `import * as ports from ${JSON.stringify(PORTS)};\nimport { readFileSync } from 'node:fs';\nconst lockOf = (p) => readFileSync(process.env.VAKT_PORTS_DIR + '/' + p, 'utf8');\n${code}`,
];
const env = (): NodeJS.ProcessEnv => ({ ...process.env, VAKT_PORTS_DIR: dir });
const node = (code: string) =>
  spawn(process.execPath, script(code), { env: env(), stdio: ['ignore', 'pipe', 'inherit'] });

describe('port reservations across launchers (infra/clickhouse/ports.mjs)', () => {
  it('launchers reserving at the same time never share a port; each holds its ports until it exits', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vakt-ports-test-'));
    // Each stays alive after reserving (a launcher holds its ports while its server runs), until told to stop.
    const children = Array.from({ length: 4 }, () =>
      node(
        "process.on('SIGTERM', () => process.exit(0)); const got = []; for (let i = 0; i < 40; i++) got.push(await ports.reservePort()); console.log(JSON.stringify({ got, held: got.filter((p) => lockOf(p) === String(process.pid)).length })); setInterval(() => {}, 1000);",
      ),
    );
    const firstLine = (c: (typeof children)[number]) =>
      new Promise<string>((resolve) => c.stdout!.once('data', (d: Buffer) => resolve(d.toString())));
    const results = (await Promise.all(children.map(firstLine))).map(
      (o) => JSON.parse(o) as { got: number[]; held: number },
    );
    const all = results.flatMap((r) => r.got);
    expect(all).toHaveLength(160);
    expect(new Set(all).size).toBe(160);
    for (const r of results) expect(r.held).toBe(40);
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    expect(all.every((p) => p < low!)).toBe(true);
    await Promise.all(children.map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGTERM')))));
    expect(readdirSync(dir)).toEqual([]); // released when each launcher exited
  });

  it('a port held by a live launcher is not taken over by a restart on it; one whose launcher was SIGKILLed is', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vakt-ports-test-'));
    const holder = node('console.log(await ports.reservePort()); setInterval(() => {}, 1000);');
    const port = await new Promise<number>((resolve) =>
      holder.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    // A restart on the port (start-server.mjs --http-port): does it now hold the reservation?
    const claim = () =>
      spawnSync(
        process.execPath,
        script(`ports.claimPort(${port}); console.log(lockOf(${port}) === String(process.pid));`),
        { env: env(), encoding: 'utf8' },
      ).stdout.trim();
    expect(claim()).toBe('false'); // still the holder's
    expect(readFileSync(join(dir, String(port)), 'utf8')).toBe(String(holder.pid));
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    expect(existsSync(join(dir, String(port)))).toBe(true); // a SIGKILL leaves the file behind
    expect(claim()).toBe('true'); // its owner is gone: taken over
  });
});
