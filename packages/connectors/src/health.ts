import { toVaktError } from '@vakt/errors/vakt-error';

/** The last error of one target, as an operator reads it: code, a message with no secret in it, and when. */
export interface TargetError {
  code: string;
  message: string;
  at: string;
}

/**
 * Health of one thing a connector follows (a feed, an instance's stream, a Reddit query, the Jetstream socket).
 * `failing` is true when the newest attempt failed, so a feed that keeps failing shows so from its first poll on,
 * whatever its backoff.
 */
export interface TargetHealth {
  target: string;
  /** When the target last answered successfully (a poll, a 304, a (re)connect, a delivered batch); null: never. */
  lastSuccessAt: string | null;
  /** Mentions from this target handed to the sink and acknowledged since start. */
  delivered: number;
  lastError: TargetError | null;
  failing: boolean;
}

export interface ConnectorHealth {
  connector: string;
  targets: TargetHealth[];
}

const SECRET_PARAM = /token|key|secret|auth|pass|sig|session/i;

/**
 * A URL as it may be shown and logged: no userinfo, and the values of query parameters that look like credentials
 * masked (private feeds often carry a token in the query string).
 */
export function displayUrl(raw: string): string {
  try {
    const u = new URL(raw);
    u.username = '';
    u.password = '';
    for (const k of [...u.searchParams.keys()]) if (SECRET_PARAM.test(k)) u.searchParams.set(k, '…');
    return u.toString().replace(/%E2%80%A6/g, '…');
  } catch {
    return raw.slice(0, 200);
  }
}

/** What an error says, with the low-level cause fetch hides ("fetch failed" → "… (ECONNREFUSED)"). */
function describeError(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  const message = `${err.message ?? String(e)}${cause && !String(err.message).includes(cause) ? ` (${cause})` : ''}`;
  return message.slice(0, 300);
}

/** Per-target health, kept by a connector as it works. `now` is injected so tests read fixed times. */
export class HealthBook {
  private readonly targets = new Map<string, TargetHealth>();

  constructor(
    private readonly connector: string,
    targets: readonly string[],
    private readonly now: () => number = Date.now,
  ) {
    for (const t of targets) this.entry(t);
  }

  private entry(target: string): TargetHealth {
    let h = this.targets.get(target);
    if (!h)
      this.targets.set(target, (h = { target, lastSuccessAt: null, delivered: 0, lastError: null, failing: false }));
    return h;
  }

  /** The target answered; `delivered` mentions from it are durable. */
  success(target: string, delivered = 0): void {
    const h = this.entry(target);
    h.lastSuccessAt = new Date(this.now()).toISOString();
    h.delivered += delivered;
    h.failing = false;
  }

  failure(target: string, e: unknown): void {
    const h = this.entry(target);
    h.lastError = {
      code: toVaktError(e, 'VAKT_CONNECTOR_FAILED').code,
      message: describeError(e),
      at: new Date(this.now()).toISOString(),
    };
    h.failing = true;
  }

  snapshot(): ConnectorHealth {
    return { connector: this.connector, targets: [...this.targets.values()].map((h) => structuredClone(h)) };
  }
}
