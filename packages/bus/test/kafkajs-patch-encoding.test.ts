import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// patches/kafkajs@2.2.4.patch rewrites kafkajs's CRC32C (slicing-by-8) and murmur2 (Math.imul) for speed. A wrong
// CRC is invisible against librdkafka's mock, which does not verify it, but real brokers reject every batch with
// CORRUPT_MESSAGE; a different murmur2 silently sends keys to other partitions than the Java client does. So both
// are pinned here against published check values and a plain bitwise reference.
const require = createRequire(import.meta.url);
const kafkajsDir = require.resolve('kafkajs').replace(/index\.js$/, '');
const crc32C = require(`${kafkajsDir}src/protocol/recordBatch/crc32C/crc32C.js`) as (b: Buffer) => number;
const murmur2 = require(`${kafkajsDir}src/producer/partitioners/default/murmur2.js`) as (key: string | Buffer) => number;

/** Bit-at-a-time CRC-32C (Castagnoli, reflected polynomial 0x82F63B78): slow and obviously right. */
function crc32cReference(buf: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('kafkajs patch: record encoding primitives', () => {
  it('CRC32C matches the check value and a bitwise reference on random, unaligned buffers', () => {
    expect(crc32C(Buffer.from('123456789')) >>> 0).toBe(0xe3069283); // RFC 3720 / iSCSI check value
    expect(crc32C(Buffer.alloc(0)) >>> 0).toBe(0);
    let seed = 20261123;
    const next = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32); // deterministic LCG
    const backing = Buffer.alloc(5_000);
    for (let i = 0; i < backing.length; i++) backing[i] = Math.floor(next() * 256);
    for (let i = 0; i < 300; i++) {
      const start = Math.floor(next() * 64); // unaligned views into a shared buffer, as kafkajs's encoders produce
      const len = Math.floor(next() * 4_000);
      const view = backing.subarray(start, start + len);
      expect(crc32C(view) >>> 0, `len ${len} at ${start}`).toBe(crc32cReference(view));
    }
  });

  it('murmur2 gives the Java client\'s answers (same key, same partition across clients)', () => {
    // Known answers from the Java client's UtilsTest.testMurmur2.
    const cases: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, want] of cases) expect(murmur2(key) | 0, key).toBe(want);
  });
});
