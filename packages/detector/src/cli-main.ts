#!/usr/bin/env node
/** Stand-alone entry for `vakt detect --jsonl` until the CLI package wires it: stdin → stdout, errors on stderr. */
import { detectJsonl } from './cli.js';

detectJsonl(process.stdin, process.stdout, { errors: process.stderr }).then(
  () => undefined,
  (e: unknown) => {
    process.stderr.write(`vakt detect: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
