import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import type { ConfigOf, ConfigSpec, CrossCheck, Setting } from './spec.js';

export interface LoadInput {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

export interface Loaded<C extends ConfigSpec> {
  config: ConfigOf<C>;
  /** Positional arguments left after flags (e.g. a file name). */
  positionals: string[];
  /** Legal but contradictory combinations, for the caller to log. */
  warnings: string[];
}

const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;

function parseValue(key: string, s: Setting, raw: string, origin: string): { value?: unknown; problem?: string } {
  const where = `${origin}`;
  switch (s.type) {
    case 'int':
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || (s.type === 'int' && !Number.isInteger(n))) {
        return { problem: `${where}: expected ${s.type === 'int' ? 'an integer' : 'a number'}, got "${raw}"` };
      }
      if (s.min !== undefined && n < s.min) return { problem: `${where}: expected >= ${s.min}, got ${n}` };
      if (s.max !== undefined && n > s.max) return { problem: `${where}: expected <= ${s.max}, got ${n}` };
      return { value: n };
    }
    case 'bool': {
      const v = raw.toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return { value: true };
      if (['0', 'false', 'no', 'off'].includes(v)) return { value: false };
      return { problem: `${where}: expected true|false, got "${raw}"` };
    }
    case 'brokers': {
      const list = raw
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const bad = list.find((b) => !BROKER.test(b));
      if (list.length === 0 || bad !== undefined) {
        return { problem: `${where}: expected host:port[,host:port], got "${raw}"` };
      }
      return { value: list };
    }
    case 'list':
      return {
        value: raw
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      };
    case 'url': {
      try {
        const u = new URL(raw);
        if (!/^https?:$/.test(u.protocol)) return { problem: `${where}: expected an http(s) URL, got "${raw}"` };
      } catch {
        return { problem: `${where}: expected a URL like http://host:8123, got "${raw}"` };
      }
      return { value: raw };
    }
    case 'enum':
      if (!s.values.includes(raw)) return { problem: `${where}: expected one of ${s.values.join('|')}, got "${raw}"` };
      return { value: raw };
    default:
      void key;
      return { value: raw };
  }
}

/**
 * Loads a spec from flags (which win) and environment. Fails fast and completely: every problem is reported at once,
 * unknown flags are errors, and the result is frozen. There is deliberately no way to skip validation. `checks` run
 * across settings once every value has parsed. A setting given by flag and environment with different values is a
 * warning: the flag wins, and the environment value is easy to believe in force.
 */
export function loadConfig<C extends ConfigSpec>(
  spec: C,
  input: LoadInput,
  checks: ReadonlyArray<CrossCheck<ConfigOf<C>>> = [],
): Result<Loaded<C>> {
  const problems: string[] = [];
  const warnings: string[] = [];
  const byFlag = new Map<string, [string, Setting]>();
  for (const [key, s] of Object.entries(spec)) byFlag.set(s.flag, [key, s]);

  const fromFlags = new Map<string, string>();
  const positionals: string[] = [];
  const argv = [...input.argv];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const negated = name.startsWith('--no-') ? `--${name.slice(5)}` : undefined;
    const entry = byFlag.get(name) ?? (negated ? byFlag.get(negated) : undefined);
    if (!entry) {
      problems.push(`unknown flag ${name} (see --help)`);
      continue;
    }
    const [key, s] = entry;
    if (s.type === 'bool') {
      fromFlags.set(key, negated && !byFlag.has(name) ? 'false' : eq === -1 ? 'true' : arg.slice(eq + 1));
    } else if (eq !== -1) {
      fromFlags.set(key, arg.slice(eq + 1));
    } else if (i + 1 < argv.length) {
      fromFlags.set(key, argv[++i]!);
    } else {
      problems.push(`${name}: expects a value`);
    }
  }

  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(spec)) {
    const flagRaw = fromFlags.get(key);
    const envRaw = input.env[s.env];
    const raw = flagRaw ?? (envRaw === '' ? undefined : envRaw);
    const origin = flagRaw !== undefined ? s.flag : s.env;
    if (flagRaw !== undefined && envRaw !== undefined && envRaw !== '' && envRaw !== flagRaw) {
      warnings.push(
        `${s.flag} overrides ${s.env}${s.type === 'secret' ? '' : ` (${JSON.stringify(envRaw)})`}: remove one of them`,
      );
    }
    if (raw === undefined) {
      if (s.default !== undefined) out[key] = Array.isArray(s.default) ? [...s.default] : s.default;
      else if (s.required) problems.push(`${s.env} (${s.flag}): required, ${s.description}`);
      continue;
    }
    const { value, problem } = parseValue(key, s, raw, origin);
    if (problem) problems.push(problem);
    else out[key] = value;
  }

  if (problems.length === 0) {
    deepFreeze(out);
    for (const check of checks) {
      const r = check(out as ConfigOf<C>);
      problems.push(...(r.problems ?? []));
      warnings.push(...(r.warnings ?? []));
    }
  }
  if (problems.length > 0) {
    return err(
      new VaktError('VAKT_CONFIG_INVALID', `invalid configuration:\n  - ${problems.join('\n  - ')}`, {
        context: { problems },
      }),
    );
  }
  return ok({ config: deepFreeze(out) as ConfigOf<C>, positionals, warnings });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
