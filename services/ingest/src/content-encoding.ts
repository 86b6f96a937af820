import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import type { Readable } from 'node:stream';

/** Encodings a client may send a body in (`Content-Encoding`); log shippers (Vector, Fluent Bit) default to gzip. */
export const SUPPORTED_ENCODINGS = ['identity', 'gzip', 'x-gzip', 'deflate'] as const;

/** A client error with the HTTP status fastify and the ingest error handler should answer with. */
export class EncodingError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

/**
 * The request body as fastify should parse it: the raw stream for identity, a decompressing stream for gzip and
 * deflate. Fastify applies `bodyLimit` to what this stream yields, so a zip bomb is cut off at the limit of
 * *decompressed* bytes (413) instead of filling memory; `receivedEncodedLength` lets fastify check Content-Length
 * against the bytes that actually arrived. An unknown encoding is a 415 naming the ones we accept; a corrupt body
 * a 400 naming the encoding.
 */
export function decodedBody(req: Pick<IncomingMessage, 'headers'>, payload: Readable): Readable {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding === '' || encoding === 'identity') return payload;
  let decoder: (Gunzip | Inflate) & { receivedEncodedLength?: number };
  if (encoding === 'gzip' || encoding === 'x-gzip') decoder = createGunzip();
  else if (encoding === 'deflate') decoder = createInflate();
  else
    throw new EncodingError(
      `Content-Encoding "${encoding.slice(0, 40)}" is not supported; send ${SUPPORTED_ENCODINGS.join(', ')}`,
      415,
    );
  decoder.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => (decoder.receivedEncodedLength! += chunk.length));
  // Registered before fastify's own listener, so the error it answers with already says what was wrong.
  decoder.on('error', (err: Error & { statusCode?: number }) => {
    err.message = `body is not valid ${encoding}: ${err.message}`;
    err.statusCode = 400;
  });
  // A client that gives up mid-body must not leave a decoder holding buffers.
  payload.on('close', () => {
    if (!payload.readableEnded) decoder.destroy();
  });
  return payload.pipe(decoder);
}
