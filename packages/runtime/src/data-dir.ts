import { chmod, mkdir } from 'node:fs/promises';

/**
 * Creates the data directory 0700, and makes an existing one 0700 (one an earlier version created 0755): nothing in
 * it is for other local users, and a private top directory also hides files inside it that were written 0644.
 * Resolves with a warning when the mode cannot be set (a directory owned by someone else); the caller logs it.
 */
export async function privateDataDir(dir: string): Promise<string | undefined> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await chmod(dir, 0o700);
    return undefined;
  } catch (e) {
    return `cannot make the data directory ${dir} private (${(e as NodeJS.ErrnoException).code ?? 'error'}); other local users may read it`;
  }
}
