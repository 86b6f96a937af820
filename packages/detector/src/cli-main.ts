#!/usr/bin/env node
/** Stand-alone entry for `vakt detect --jsonl` until the CLI package wires it: stdin → stdout, errors on stderr. */
import { detectJsonl } from './cli.js';
import type { RecordDetectorOptions } from './record-detector.js';

// VAKT_DETECT_OPTIONS (JSON of RecordDetectorOptions) exists for parameter sweeps in development; the product uses
// the defaults, which are meant to need no per-series tuning.
let detector: RecordDetectorOptions | undefined;
try {
  detector = process.env.VAKT_DETECT_OPTIONS
    ? (JSON.parse(process.env.VAKT_DETECT_OPTIONS) as RecordDetectorOptions)
    : undefined;
} catch {
  process.stderr.write('vakt detect: VAKT_DETECT_OPTIONS is not valid JSON; using defaults\n');
}
detectJsonl(process.stdin, process.stdout, { errors: process.stderr, detector }).then(
  () => undefined,
  (e: unknown) => {
    process.stderr.write(`vakt detect: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
