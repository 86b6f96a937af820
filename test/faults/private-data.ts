import { spawn, type ChildProcess } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../system/processes.js';

const CLI = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

/** `vakt up` started from a shell whose umask is 022 (the common default), once it has printed its banner. */
export async function upUnderUmask022(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<{ proc: ChildProcess; stderr: () => string; stop: () => Promise<void> }> {
  const cmd = `umask 022 && exec "${process.execPath}" "${CLI}" up --port ${port} --data-dir "${dataDir}" --log-level warn ${args.join(' ')}`;
  const proc = spawn('sh', ['-c', cmd], {
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  await waitFor(
    'vakt up to announce itself',
    async () => stderr,
    (s) => s.includes('Vakt is running') || proc.exitCode !== null,
    120_000,
  );
  if (proc.exitCode !== null) throw new Error(`vakt up exited ${proc.exitCode}:\n${stderr.slice(-3000)}`);
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };
  return { proc, stderr: () => stderr, stop };
}

/** Every file and directory under `dir` (symlinks skipped: their mode means nothing), with its permission bits. */
export function modesUnder(dir: string): { path: string; mode: number; isFile: boolean }[] {
  const out: { path: string; mode: number; isFile: boolean }[] = [];
  const walk = (p: string): void => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    out.push({ path: p, mode: st.mode & 0o777, isFile: st.isFile() });
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
  };
  walk(dir);
  return out;
}

/** Files under `dir` whose bytes contain `secret`. */
export function filesContaining(dir: string, secret: string): string[] {
  return modesUnder(dir)
    .filter((e) => e.isFile && readFileSync(e.path).includes(secret))
    .map((e) => e.path);
}

export async function login(base: string, password: string): Promise<number> {
  const res = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  return res.status;
}
