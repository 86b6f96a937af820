import { randomBytes } from 'node:crypto';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A secret that must survive restarts but may be generated on first start (session key, pseudonym key, demo webhook
 * secret; never a password, which is kept only as a hash):
 * the configured value wins; otherwise it is read from, or created in, `<dataDir>/secrets/<name>` with mode 0600.
 */
export async function persistentSecret(
  dataDir: string,
  name: string,
  configured: string,
): Promise<{ value: string; generated: boolean }> {
  if (configured) return { value: configured, generated: false };
  const dir = join(dataDir, 'secrets');
  const file = join(dir, name);
  try {
    return { value: (await readFile(file, 'utf8')).trim(), generated: false };
  } catch {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const value = randomBytes(24).toString('base64url');
    await writeFile(file, `${value}\n`, { mode: 0o600 });
    return { value, generated: true };
  }
}

/**
 * Deletes `<dataDir>/secrets/<name>` if present; resolves with the path when it did. Used for secrets earlier versions
 * kept in clear that are now kept only as a hash (the first admin's password lives hashed in users.json).
 */
export async function forgetSecret(dataDir: string, name: string): Promise<string | undefined> {
  const file = join(dataDir, 'secrets', name);
  try {
    await unlink(file);
    return file;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
