/**
 * One declaration per setting: env name, flag, type, default and a one-line description. Validation, `--help` and
 * docs/configuration.md are all derived from these declarations, so they cannot disagree.
 */
export type SettingType =
  'string' | 'int' | 'number' | 'bool' | 'url' | 'brokers' | 'enum' | 'path' | 'list' | 'secret';

interface BaseSetting<T> {
  env: string;
  flag: string;
  description: string;
  default?: T;
  /** Required settings have no default; loading fails naming them. */
  required?: boolean;
}

export type Setting =
  | (BaseSetting<string> & { type: 'string' | 'url' | 'path' | 'secret' })
  | (BaseSetting<number> & { type: 'int' | 'number'; min?: number; max?: number })
  | (BaseSetting<boolean> & { type: 'bool' })
  | (BaseSetting<string[]> & { type: 'brokers' | 'list' })
  | (BaseSetting<string> & { type: 'enum'; values: readonly string[] });

export type ConfigSpec = Record<string, Setting>;

type ValueOf<S extends Setting> = S extends { type: 'int' | 'number' }
  ? number
  : S extends { type: 'bool' }
    ? boolean
    : S extends { type: 'brokers' | 'list' }
      ? string[]
      : string;

type IsPresent<S extends Setting> = S extends { required: true } ? true : S extends { default: unknown } ? true : false;

/** The typed, frozen result of loading a spec: settings without default and not required may be undefined. */
export type ConfigOf<C extends ConfigSpec> = {
  readonly [K in keyof C]: IsPresent<C[K]> extends true ? ValueOf<C[K]> : ValueOf<C[K]> | undefined;
};

/**
 * A check across settings, declared next to the fragment whose settings it reads (kafkajs' heartbeat-below-session
 * check is the model). `loadConfig` runs it once every value has parsed. `problems` fail the load together with any
 * other problem, each naming the settings and the fix; `warnings` are legal but contradictory combinations, for the
 * caller to show.
 */
export type CrossCheck<T> = (config: T) => { problems?: readonly string[]; warnings?: readonly string[] };

/** The intersection of a list of fragments, in order. */
type Composed<Fs extends readonly ConfigSpec[]> = Fs extends readonly [
  infer H extends ConfigSpec,
  ...infer T extends readonly ConfigSpec[],
]
  ? H & Composed<T>
  : unknown;

/**
 * Composes fragments (kafka, clickhouse, http …) into one service spec, in the order given (which is the order of
 * `--help` and docs/configuration.md); a key declared by two fragments is a programmer error.
 */
export function composeSpec<const Fs extends readonly ConfigSpec[]>(...fragments: Fs): Composed<Fs> {
  const out: ConfigSpec = {};
  for (const fragment of fragments) {
    for (const key of Object.keys(fragment)) {
      if (key in out) throw new Error(`config key "${key}" is declared twice`);
    }
    Object.assign(out, fragment);
  }
  return out as Composed<Fs>;
}
