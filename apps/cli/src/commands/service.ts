import { CommandExit, type CommandIo } from '@vakt/runtime/command';

const SERVICES = {
  ingest: async () => (await import('@vakt/ingest')).runIngest,
  scorer: async () => (await import('@vakt/scorer')).runScorer,
  sink: async () => (await import('@vakt/sink')).runSink,
  alerter: async () => (await import('@vakt/alerter')).runAlerter,
  dashboard: async () => (await import('@vakt/dashboard')).runDashboard,
} as const;

/** `vakt service <name>`: one service as its own process over Kafka + ClickHouse, configured by env or flags. */
export async function serviceCommand(io: CommandIo): Promise<number> {
  const [name, ...rest] = io.argv;
  if (!name || !(name in SERVICES)) {
    io.stderr.write(
      `Usage: vakt service <${Object.keys(SERVICES).join('|')}> [options]  (add --help for a service's options)\n`,
    );
    throw new CommandExit(name === '--help' ? 0 : 2);
  }
  const run = await SERVICES[name as keyof typeof SERVICES]();
  return run({ ...io, argv: rest });
}
