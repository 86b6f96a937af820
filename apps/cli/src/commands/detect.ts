import type { Readable, Writable } from 'node:stream';
import type { ConfigSpec } from '@vakt/config/spec';
import { CommandExit, loadCommandConfig, type CommandIo } from '@vakt/runtime/command';

const spec = {
  jsonl: {
    env: 'VAKT_DETECT_JSONL',
    flag: '--jsonl',
    type: 'bool',
    default: false,
    description:
      'Read {"ts","value"} lines on stdin and write {"ts","score","alert"} lines on stdout, one per point, flushed before the next is read.',
  },
} satisfies ConfigSpec;

/** `vakt detect --jsonl`: the alerter's count-series spike detector, alone, streaming, no look-ahead. */
export async function detectCommand(io: CommandIo): Promise<number> {
  const { config } = loadCommandConfig(
    io,
    spec,
    'vakt detect --jsonl < series.jsonl',
    'Streaming spike detection over one count series.',
  );
  if (!config.jsonl) {
    io.stderr.write('vakt detect: only --jsonl mode exists; pass --jsonl\n');
    throw new CommandExit(2);
  }
  const { detectJsonl } = await import('@vakt/detector/cli');
  const summary = await detectJsonl(process.stdin as Readable, io.stdout as Writable, {
    errors: io.stderr as Writable,
  });
  io.stderr.write(
    `vakt detect: ${summary.points} points, ${summary.alerts} alerts, ${summary.malformed} malformed lines\n`,
  );
  return 0;
}
