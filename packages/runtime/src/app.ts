/**
 * The lifecycle every service app implements, so `vakt service <name>`, `vakt up` and tests drive them alike.
 * A factory (`createScorerApp(deps, options)`) only builds: it never listens or connects, so tests can build the
 * same app over the in-process bus and chdb and use `fastify.inject()`.
 */
export interface App {
  /** Starts consuming and, when the app was given a `listen` address, listening. Rejects if it cannot. */
  start(): Promise<void>;
  /**
   * Stops sources first, lets in-flight work finish and commit, then closes listeners. `deadlineMs` is the whole
   * budget: an app that drains spends about three quarters of it on the graceful path and then forces.
   */
  stop(deadlineMs: number): Promise<void>;
}

/** Where an app with an HTTP server listens. Omitted: it serves only through `fastify.inject()` (tests, `vakt up`). */
export interface ListenAddress {
  port: number;
  host: string;
}
