import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { VaktError } from '@vakt/errors/vakt-error';

/**
 * Where connectors keep their resume positions. `set` resolves when the value is durable. Values are small JSON
 * (a cursor, ETags, a bounded set of recent ids); keys are connector-chosen (`bluesky`, `rss:<feed url>`).
 */
export interface CursorStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
}

/** In-memory store, for tests and for `vakt replay` where resuming makes no sense. */
export class MemoryCursorStore implements CursorStore {
  private readonly data = new Map<string, string>();
  async get<T>(key: string): Promise<T | undefined> {
    const v = this.data.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.data.set(key, JSON.stringify(value));
  }
}

/**
 * One JSON file holding all cursors. Writes are serialised and go write-then-rename, so a crash leaves the
 * previous complete file. Loaded once; a corrupt file is an error (starting from scratch would re-ingest or skip).
 */
export class FileCursorStore implements CursorStore {
  private data: Record<string, unknown> | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  private async load(): Promise<Record<string, unknown>> {
    if (this.data) return this.data;
    try {
      this.data = JSON.parse(await readFile(this.path, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') this.data = {};
      else {
        throw new VaktError(
          'VAKT_CONFIG_INVALID',
          `cursor file ${this.path} is unreadable or corrupt; fix or remove it (removing re-reads sources from their default start)`,
          {
            cause: e,
            context: { path: this.path },
          },
        );
      }
    }
    return this.data;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.load())[key] as T | undefined;
  }

  set<T>(key: string, value: T): Promise<void> {
    const run = this.chain.then(async () => {
      const data = await this.load();
      data[key] = value;
      const tmp = `${this.path}.${process.pid}.tmp`;
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      await writeFile(tmp, JSON.stringify(data), { mode: 0o600 });
      await rename(tmp, this.path);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
