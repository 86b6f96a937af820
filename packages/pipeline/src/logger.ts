import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * JSON logs on stderr, always: stdout belongs to commands that speak JSONL (`vakt score --jsonl`). Mention text must
 * never be passed to a logger; log ids and codes instead.
 *
 * `name` is the process (`vakt`, `ingest`, …) and `svc` the component a line comes from. `vakt up` runs every
 * service in one process and hands each `log.child({ svc: 'ingest' })`; pino appends a child's bindings to its
 * parent's, which would print `"svc"` twice, so a child that names a `svc` is built on a logger of that
 * svc instead, keeping the parent's other bindings. `destination` is for tests (default: stderr).
 */
export function createLogger(opts: { name: string; level?: string; destination?: DestinationStream }): Logger {
  const destination = opts.destination ?? pino.destination({ fd: 2, sync: false });
  const forSvc = (svc: string): Logger => {
    const logger = pino({ name: opts.name, level: opts.level ?? 'info', base: { svc } }, destination);
    const child = logger.child;
    // Own property on the root: pino's children are Object.create(parent), so they inherit it, with `this` = child.
    logger.child = function childWithOneSvc(this: Logger, bindings, options) {
      if (bindings && Object.hasOwn(bindings, 'svc')) {
        const { svc: childSvc, ...rest } = bindings as Record<string, unknown>;
        // `name` is in the bindings too, and the new root prints it already.
        const { svc: _parentSvc, name: _name, ...inherited } = this.bindings();
        const next = forSvc(String(childSvc));
        next.level = this.level;
        return next.child({ ...inherited, ...rest }, options);
      }
      return child.call(this, bindings, options);
    } as Logger['child'];
    return logger;
  };
  return forSvc(opts.name);
}

/** A logger that drops everything, for tests and library defaults. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
