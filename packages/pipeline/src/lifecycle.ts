import type { Logger } from './logger.js';

/** Closes one resource; `deadlineMs` is what remains of the shutdown budget (an app's `stop(deadlineMs)` takes it). */
type Closer = (deadlineMs: number) => Promise<void> | void;

/** What a closer gets once the budget is spent: enough to send a close, not to wait for it. */
const MIN_CLOSE_MS = 50;

/**
 * A LIFO stack of closers. Every resource registers its closer as soon as it is created, so a startup that fails
 * half-way rolls back exactly like a normal stop (Alertmanager's `app.onStop`, Benthos `StopGracefully`).
 */
export class CleanupStack {
  private readonly closers: Array<{ name: string; close: Closer }> = [];
  constructor(private readonly log?: Logger) {}

  defer(name: string, close: Closer): void {
    this.closers.push({ name, close });
  }

  /**
   * Closes everything in reverse order of creation within one budget of `deadlineMs`: shutdown drains in order
   * (sources, stages, sinks, then clients), so each closer is given what remains of the budget (an app that drains
   * spends about three quarters of it and then forces) and what it leaves goes to the next. A closer that overruns
   * what remains is abandoned (logged) so the next can still run: shutdown must finish. Each still gets at least
   * `MIN_CLOSE_MS`, so a client is asked to close even after the budget is spent.
   */
  async closeAll(deadlineMs = 10_000): Promise<void> {
    const end = Date.now() + deadlineMs;
    while (this.closers.length > 0) {
      const { name, close } = this.closers.pop()!;
      const budget = Math.max(MIN_CLOSE_MS, end - Date.now());
      this.log?.info({ resource: name }, 'closing');
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(() => close(budget)),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(budget)} ms`)), budget);
          }),
        ]);
      } catch (e) {
        // Shutdown path: a closer that fails must not stop the others from closing. Logged, not swallowed silently.
        this.log?.warn({ resource: name, err: (e as Error).message }, 'resource did not close cleanly');
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

/**
 * Installs SIGINT/SIGTERM handlers that stop the app once; a second signal forces exit. Returns an uninstaller.
 */
export function onShutdownSignal(stop: (signal: string) => Promise<void>, log?: Logger): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log?.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    log?.info({ signal }, 'shutting down');
    stop(signal).then(
      () => process.exit(0),
      (e: unknown) => {
        log?.error({ err: (e as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
