import { describe, expect, it } from 'vitest';
import type { BusRecord } from '@vakt/bus/types';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok } from '@vakt/errors/result';
import type { DeadLetter } from '@vakt/schema/dead-letter';
import { deadLetterRecord } from '@vakt/pipeline/dead-letter';
import { deadLetterArchive, deadLetterOf } from '@vakt/pipeline/dead-letter-archive';
import { createLogger } from '@vakt/pipeline/logger';

const log = createLogger({ name: 't', level: 'silent' });
const now = () => Date.parse('2026-11-23T10:00:00Z');
const origin: BusRecord = {
  topic: 'vakt.mentions.raw',
  partition: 2,
  offset: '41',
  key: 'x:1',
  value: Buffer.from('{"bad":'),
  headers: {},
  timestamp: 0,
};
/** The vakt.dlq record a stage writes for `origin`, as a consumer of vakt.dlq reads it back. */
function dlqRecord(offset: string): BusRecord {
  const out = deadLetterRecord(
    { raw: origin.value, origin },
    new VaktError('VAKT_SCHEMA_INVALID', 'Mention is not valid JSON'),
    'scorer',
    now(),
  );
  return {
    topic: 'vakt.dlq',
    partition: 0,
    offset,
    key: out.key,
    value: out.value as Buffer,
    headers: out.headers ?? {},
    timestamp: now(),
  };
}

describe('dead-letter archive', () => {
  it('reads the envelope a stage wrote: code, reason, stage and origin', () => {
    expect(deadLetterOf(dlqRecord('0'), now())).toMatchObject({
      code: 'VAKT_SCHEMA_INVALID',
      reason: 'Mention is not valid JSON',
      stage: 'scorer',
      raw_truncated: '{"bad":',
      raw_bytes: 7,
      origin: { topic: 'vakt.mentions.raw', partition: 2, offset: '41', key: 'x:1' },
    });
  });

  it('describes a record without an envelope from its own bytes instead of dropping it', () => {
    const stray: BusRecord = { ...origin, topic: 'vakt.dlq', offset: '7', headers: {} };
    expect(deadLetterOf(stray, now())).toMatchObject({
      stage: 'unknown',
      code: 'VAKT_SCHEMA_INVALID',
      origin: { topic: 'vakt.dlq', offset: '7' },
      raw_truncated: '{"bad":',
    });
  });

  it('writes every letter, rejects on a retriable store failure (redelivery) and skips what the store refuses for good', async () => {
    const written: DeadLetter[][] = [];
    const archived: string[] = [];
    let answer = ok(undefined) as Awaited<ReturnType<Parameters<typeof deadLetterArchive>[0]['write']>>;
    const handler = deadLetterArchive({
      write: async (l) => {
        written.push(l);
        return answer;
      },
      log,
      now,
      onArchived: (r) => archived.push(...r.map((x) => x.offset)),
    });
    const ctx = { heartbeat: async () => {}, isStale: () => false };
    await handler([dlqRecord('0'), dlqRecord('1')], ctx);
    expect(written[0]).toHaveLength(2);
    expect(archived).toEqual(['0', '1']);
    answer = err(new VaktError('VAKT_CLICKHOUSE_UNAVAILABLE', 'down'));
    await expect(handler([dlqRecord('2')], ctx)).rejects.toMatchObject({ code: 'VAKT_CLICKHOUSE_UNAVAILABLE' });
    expect(archived).toEqual(['0', '1']);
    answer = err(new VaktError('VAKT_CLICKHOUSE_QUERY', 'refused'));
    await handler([dlqRecord('3')], ctx);
    expect(archived).toEqual(['0', '1', '3']);
  });
});
