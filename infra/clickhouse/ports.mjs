// Loopback ports for the local servers (clickhouse-server, ZooKeeper), safe when several launchers start at once.
//
// Binding port 0 and releasing it is not enough: between the release and the server's own bind, another launcher
// can be handed the same port, or any process's outgoing connection can take it as its ephemeral source port (the
// suite opens thousands). So a port is picked at random *below* the kernel's ephemeral range, where no outgoing
// connection lands, and reserved with a lock file created atomically (a hard link, which fails if the name exists)
// in a shared directory: two launchers never hold the same port. A reservation holds the owner's pid and is removed
// when that process exits; one whose owner is gone (a SIGKILLed launcher) is taken over.
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIR = process.env.VAKT_PORTS_DIR ?? join(tmpdir(), 'vakt-ports');
const held = new Set();
process.once('exit', () => {
  for (const f of held) rmSync(f, { force: true });
});

/** The range to pick from: below the ephemeral range when there is room, else above it. */
function pickRange() {
  let low = 32768;
  let high = 60999;
  try {
    [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  } catch {
    // not Linux: keep the Linux defaults
  }
  if (low - 1 - 10_000 >= 2_000) return [10_000, low - 1];
  if (65_535 - (high + 1) >= 2_000) return [high + 1, 65_535];
  return [1_024, 65_535]; // no room outside the ephemeral range: the lock files still keep launchers apart
}

function bindable(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function ownerAlive(file) {
  const pid = Number(readFileSync(file, 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0) return true; // not ours to judge
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Creates the lock file for `port` with this pid already in it (written to a private file, then hard-linked into
 * place: the link fails if the name exists, and nobody ever sees an empty lock). True when this process holds it.
 * A lock left by a SIGKILLed launcher (its pid gone, older than 10 s) is first moved aside, by one process only.
 */
function lock(port) {
  mkdirSync(DIR, { recursive: true });
  const file = join(DIR, String(port));
  const mine = join(DIR, `.${process.pid}-${port}`);
  writeFileSync(mine, String(process.pid));
  try {
    for (let i = 0; i < 2; i++) {
      try {
        linkSync(mine, file);
        held.add(file);
        return true;
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
        if (!stale(file)) return false;
        try {
          renameSync(file, `${mine}.stale`);
          rmSync(`${mine}.stale`, { force: true });
        } catch {
          return false; // another launcher moved it first
        }
      }
    }
    return false;
  } finally {
    rmSync(mine, { force: true });
  }
}

function stale(file) {
  try {
    return Date.now() - statSync(file).mtimeMs > 10_000 && !ownerAlive(file);
  } catch {
    return false;
  }
}

/** A free loopback port, reserved for this process until it exits. */
export async function reservePort() {
  const [low, high] = pickRange();
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (!lock(port)) continue;
    if (await bindable(port)) return port;
    release(port); // something outside the launchers listens there
  }
  throw new Error(`no free port in ${low}-${high} after 500 tries (reservations in ${DIR})`);
}

/**
 * A port given on the command line (a restart on the same ports): reserve it for this process unless a live process
 * already holds it (the cluster launcher holds its nodes' ports for their whole life, restarts included).
 */
export function claimPort(port) {
  const file = join(DIR, String(port));
  if (existsSync(file)) {
    try {
      if (ownerAlive(file)) return;
      rmSync(file, { force: true }); // its launcher is gone and this restart is the port's owner now
    } catch {
      // vanished meanwhile: claim it below
    }
  }
  lock(port);
}

export function release(port) {
  const file = join(DIR, String(port));
  held.delete(file);
  rmSync(file, { force: true });
}
