import type { VaktErrorCode } from '@vakt/errors/codes';
import { VaktError } from '@vakt/errors/vakt-error';

/**
 * kafkajs error names that mean "no broker to talk to" rather than "the broker refused this request". They may sit
 * anywhere in the chain: KafkaJSNumberOfRetriesExceeded wraps the last attempt's error in `originalError`.
 */
const UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSRequestTimeoutError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSLockTimeout',
  'KafkaJSTimeout',
]);

function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  const queue = [err];
  while (queue.length > 0 && out.length < 20) {
    const e = queue.shift();
    if (!e || typeof e !== 'object') continue;
    out.push(e);
    const o = e as { originalError?: unknown; cause?: unknown; errors?: unknown[] };
    if (o.originalError) queue.push(o.originalError);
    if (o.cause) queue.push(o.cause);
    if (Array.isArray(o.errors)) queue.push(...o.errors);
  }
  return out;
}

/** Low-cardinality description of a kafkajs error for logs: names and protocol error types, never payloads. */
export function describeKafkaError(err: unknown): { name: string; type?: string } {
  const all = chain(err) as { name?: string; type?: string }[];
  const last = all.at(-1) ?? {};
  return { name: String(all[0]?.name ?? typeof err), ...(last.type ? { type: String(last.type) } : {}) };
}

export function isUnreachable(err: unknown): boolean {
  return chain(err).some((e) => UNREACHABLE.has(String((e as { name?: string }).name)));
}

/** True for kafkajs's complaint when the cluster names a controller it does not list (librdkafka's mock: id 0). */
export function isMissingController(err: unknown): boolean {
  return chain(err).some(
    (e) =>
      (e as { name?: string }).name === 'KafkaJSBrokerNotFound' &&
      /Broker 0 not found/.test(String((e as Error).message)),
  );
}

/**
 * Maps a kafkajs failure to VAKT_KAFKA_UNAVAILABLE (nothing reachable) or `fallback` (the request was refused).
 * Both are retriable: the caller keeps its input un-acked and tries again later.
 */
export function toBusError(err: unknown, fallback: VaktErrorCode, what: string): VaktError {
  if (err instanceof VaktError) return err;
  const unreachable = isUnreachable(err);
  const code: VaktErrorCode = unreachable ? 'VAKT_KAFKA_UNAVAILABLE' : fallback;
  const detail = describeKafkaError(err);
  const reason = err instanceof Error ? err.message : String(err);
  const message = unreachable
    ? `${what}: Kafka brokers are unreachable (${reason}); check KAFKA_BROKERS`
    : `${what} failed: ${reason}`;
  return new VaktError(code, message, {
    cause: err,
    retriable: true,
    context: { kafkaError: detail.name, ...(detail.type ? { kafkaType: detail.type } : {}) },
  });
}
