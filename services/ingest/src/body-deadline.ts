import type { FastifyReply } from 'fastify';
import { PassThrough, type Readable } from 'node:stream';
import { VaktError } from '@vakt/errors/vakt-error';

/**
 * The request body as a stream that fails with VAKT_REQUEST_TIMEOUT (answered 408) when it has not fully arrived
 * `ms` after the headers did. Idle timeouts cannot catch a client that sends one byte every few seconds, and Node's
 * own `requestTimeout` answers a bare 408 and is only checked every 30 s; this names the setting, and the reply
 * closes the connection so the trickling client holds nothing. The raw request is unpiped, not destroyed, so the
 * answer still reaches the client.
 */
export function bodyWithDeadline(payload: Readable, reply: FastifyReply, ms: number): Readable {
  const guarded = new PassThrough();
  const timer = setTimeout(() => {
    payload.unpipe(guarded);
    payload.pause();
    reply.header('connection', 'close');
    guarded.destroy(
      new VaktError(
        'VAKT_REQUEST_TIMEOUT',
        `the request body did not arrive within ${ms} ms (VAKT_INGEST_BODY_TIMEOUT_MS): send it faster or in smaller requests`,
      ),
    );
  }, ms);
  const settle = () => clearTimeout(timer);
  payload.once('end', settle);
  payload.once('close', settle);
  guarded.once('close', settle);
  // Answered without reading the body (413 from Content-Length, 401, 429) on a kept-alive connection: nothing waits
  // on `guarded` any more, and destroying it with an error nobody listens to would crash the process.
  reply.raw.once('close', settle);
  reply.raw.once('finish', settle);
  // Belt and braces for any other path where no reader is left: the reader that consumes `guarded` still gets the
  // error through its own listener, but a stream error nobody hears must never take the whole ingest down.
  guarded.on('error', () => undefined);
  payload.pipe(guarded);
  return guarded;
}
