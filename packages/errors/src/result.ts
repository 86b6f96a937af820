import type { VaktError } from './vakt-error.js';

/**
 * Results at I/O edges: calls that fail in normal operation (insert, webhook POST, parse of a user line) return a
 * Result the caller must handle. Programmer errors still throw. This is the only Result type in the repo.
 */
export type Result<T, E = VaktError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
