import { loadConfig } from '@vakt/config/load';
import { renderHelp } from '@vakt/config/help';
import type { ConfigOf, ConfigSpec, CrossCheck } from '@vakt/config/spec';

export interface CommandIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Thrown to end a command with an exit code after its message was printed (help, bad config). */
export class CommandExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/**
 * Loads a command's settings: prints `--help` (derived from the spec) and exits 0, or prints every configuration
 * problem naming the setting and exits 2. There is no way to start with invalid configuration. `checks` are the
 * cross-setting checks of the fragments the spec composes; their warnings go to stderr.
 */
export function loadCommandConfig<C extends ConfigSpec>(
  io: CommandIo,
  spec: C,
  usage: string,
  summary: string,
  checks: ReadonlyArray<CrossCheck<ConfigOf<C>>> = [],
): { config: ConfigOf<C>; positionals: string[] } {
  if (io.argv.includes('--help') || io.argv.includes('-h')) {
    io.stdout.write(`${renderHelp(usage, summary, spec)}\n`);
    throw new CommandExit(0);
  }
  const loaded = loadConfig(spec, { argv: io.argv, env: io.env }, checks);
  if (!loaded.ok) {
    io.stderr.write(`vakt: ${loaded.error.message}\n${loaded.error.hint}\n`);
    throw new CommandExit(2);
  }
  for (const w of loaded.value.warnings) io.stderr.write(`vakt: warning: ${w}\n`);
  return { config: loaded.value.config, positionals: loaded.value.positionals };
}
