import { describe, expect, it } from 'vitest';
import type { ConfigSpec } from '@vakt/config/spec';
import { alerterSpec } from '@vakt/alerter';
import { dashboardSpec } from '@vakt/dashboard';
import { ingestSpec } from '@vakt/ingest';
import { scorerSpec } from '@vakt/scorer';
import { sinkSpec } from '@vakt/sink';
import { upSpec } from '../src/commands/up.js';

/**
 * Each service declares its settings in its own folder and the CLI composes them: every command's settings must still
 * be complete declarations (they drive validation, --help and docs/configuration.md), and one environment variable
 * or flag must mean one thing within a command.
 */
const COMMANDS: Array<[string, ConfigSpec]> = [
  ['vakt up', upSpec],
  ['vakt service ingest', ingestSpec],
  ['vakt service scorer', scorerSpec],
  ['vakt service sink', sinkSpec],
  ['vakt service alerter', alerterSpec],
  ['vakt service dashboard', dashboardSpec],
];

describe("every command's settings", () => {
  it.each(COMMANDS)(
    '%s: each setting has an upper-case env name, a --flag and a description; no env or flag twice',
    (_name, spec) => {
      const envs = new Set<string>();
      const flags = new Set<string>();
      for (const [key, s] of Object.entries(spec)) {
        expect(s.env, key).toMatch(/^[A-Z][A-Z0-9_]+$/);
        expect(s.flag, key).toMatch(/^--[a-z][a-z0-9-]+$/);
        expect(s.description.length, key).toBeGreaterThan(10);
        expect(envs.has(s.env), `${key}: ${s.env} declared twice`).toBe(false);
        expect(flags.has(s.flag), `${key}: ${s.flag} declared twice`).toBe(false);
        envs.add(s.env);
        flags.add(s.flag);
      }
    },
  );
});
