#!/usr/bin/env node
// Libraries loaded by some commands (natural → dotenv) print tips on stdout at load; stdout is JSONL-only here.
process.env['DOTENV_CONFIG_QUIET'] ??= 'true';

import { CommandExit, type CommandIo } from '@vakt/runtime/command';

// Everything Vakt writes (embedded ClickHouse parts, the delivery log, watches, users, secrets, cursors) holds mention
// text, handles or credentials: new files are 0600 and directories 0700 whatever umask the shell had. chdb creates its
// files natively, so only the process umask reaches them.
process.umask(0o077);

type Command = { summary: string; load: () => Promise<(io: CommandIo) => Promise<number>> };

/** Commands load lazily so `vakt detect` does not pay for the sentiment model, and so on. */
const COMMANDS: Record<string, Command> = {
  up: {
    summary: 'Run the whole pipeline in one process (in-process bus + embedded ClickHouse) with the demo feed.',
    load: async () => (await import('./commands/up.js')).upCommand,
  },
  service: {
    summary: 'Run one service (ingest|scorer|sink|alerter|dashboard) as its own process over Kafka + ClickHouse.',
    load: async () => (await import('./commands/service.js')).serviceCommand,
  },
  replay: {
    summary: 'Push a JSONL file of mentions into the pipeline, with progress and a summary.',
    load: async () => (await import('./commands/replay.js')).replayCommand,
  },
  score: {
    summary: 'Score JSONL lines {"id","text","lang"?} from stdin to stdout (--jsonl).',
    load: async () => (await import('./commands/score.js')).scoreCommand,
  },
  explain: {
    summary: 'Print the sentiment explanation (token table) for a text.',
    load: async () => (await import('./commands/score.js')).explainCommand,
  },
  detect: {
    summary: 'Run the spike detector over a {"ts","value"} JSONL count series on stdin (--jsonl).',
    load: async () => (await import('./commands/detect.js')).detectCommand,
  },
  sql: {
    summary: 'Run read-only SQL against the embedded store (through the running vakt up when one holds it).',
    load: async () => (await import('./commands/sql.js')).sqlCommand,
  },
  train: {
    summary:
      'Train the sentiment model reproducibly (fixed seed); --add FILE / --add-corrections add labelled examples.',
    load: async () => (await import('./commands/train.js')).trainCommand,
  },
  corrections: {
    summary: 'Export the label corrections analysts made in the dashboard as a `vakt train --add` JSONL file.',
    load: async () => (await import('./commands/corrections.js')).correctionsCommand,
  },
  docs: {
    summary: 'Print a generated reference doc: configuration (default), ingest-api, alerting-file (--help lists them).',
    load: async () => (await import('./commands/docs.js')).docsCommand,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: vakt <command> [options]   (vakt <command> --help for its options)',
    '',
    'Commands:',
    ...lines,
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  const [name, ...argv] = process.argv.slice(2);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`vakt: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const run = await command.load();
  return run({ argv, env: process.env, stdout: process.stdout, stderr: process.stderr });
}

main().then(
  (code) => {
    // Long-running commands (up, service) keep the process alive themselves and never resolve here.
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof CommandExit) {
      process.exitCode = e.exitCode;
      return;
    }
    const err = e as { code?: string; message?: string; hint?: string };
    process.stderr.write(
      `vakt: ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}\n${err.hint ? `${err.hint}\n` : ''}`,
    );
    // Bad configuration exits 2 wherever it is found (settings, or a connector's values checked at start), as
    // usage errors do; anything else is a failure at run time (1).
    process.exitCode = err.code === 'VAKT_CONFIG_INVALID' ? 2 : 1;
  },
);
