import { ERROR_CODES, type VaktErrorCode } from './codes.js';

export interface VaktErrorOptions {
  cause?: unknown;
  /** Overrides the code's default retriability when the call site knows better. */
  retriable?: boolean;
  /** Low-cardinality context (ids, setting names, JSON paths). Never raw user text. */
  context?: Record<string, unknown>;
}

/**
 * The one error class of Vakt. `code` is from the closed catalogue in `codes.ts`; `message` tells the user what
 * happened and `hint` what to do. User data that an underlying error may echo (ClickHouse echoes rows) belongs in
 * `cause`, which is non-enumerable so it does not end up in JSON logs by accident.
 */
export class VaktError extends Error {
  override readonly name = 'VaktError';
  readonly code: VaktErrorCode;
  readonly retriable: boolean;
  readonly hint: string;
  readonly context: Record<string, unknown>;

  constructor(code: VaktErrorCode, message: string, options: VaktErrorOptions = {}) {
    super(message);
    this.code = code;
    const spec = ERROR_CODES[code];
    this.retriable = options.retriable ?? spec.retriable;
    this.hint = spec.hint;
    this.context = options.context ?? {};
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, writable: false });
    }
  }

  /** Safe for logs and HTTP bodies: code, message, hint and context, no cause. */
  toJSON(): {
    code: VaktErrorCode;
    message: string;
    hint: string;
    retriable: boolean;
    context: Record<string, unknown>;
  } {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      retriable: this.retriable,
      context: this.context,
    };
  }
}

export function isVaktError(value: unknown): value is VaktError {
  return value instanceof VaktError;
}

/** Wraps anything thrown into a VaktError, keeping VaktErrors as they are. */
export function toVaktError(value: unknown, fallback: VaktErrorCode = 'VAKT_INTERNAL'): VaktError {
  if (value instanceof VaktError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new VaktError(fallback, message, { cause: value });
}
