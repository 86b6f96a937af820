import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// patches/kafkajs@2.2.4.patch rewrites kafkajs's CRC32C (slicing-by-8) and murmur2 (Math.imul) for speed. A wrong
// CRC is invisible against librdkafka's mock, which does not verify it, but real brokers reject every batch with
// CORRUPT_MESSAGE; a different murmur2 silently sends keys to other partitions than the Java client does. So both
// are pinned here against published check values and a plain bitwise reference.
const require = createRequire(import.meta.url);
const kafkajsDir = require.resolve('kafkajs').replace(/index\.js$/, '');
const crc32C = require(`${kafkajsDir}src/protocol/recordBatch/crc32C/crc32C.js`) as (b: Buffer) => number;
const murmur2 = require(`${kafkajsDir}src/producer/partitioners/default/murmur2.js`) as (
  key: string | Buffer,
) => number;

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
    const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32; // deterministic LCG
    const backing = Buffer.alloc(5_000);
    for (let i = 0; i < backing.length; i++) backing[i] = Math.floor(next() * 256);
    for (let i = 0; i < 300; i++) {
      const start = Math.floor(next() * 64); // unaligned views into a shared buffer, as kafkajs's encoders produce
      const len = Math.floor(next() * 4_000);
      const view = backing.subarray(start, start + len);
      expect(crc32C(view) >>> 0, `len ${len} at ${start}`).toBe(crc32cReference(view));
    }
  });

  it("murmur2 gives the Java client's answers (same key, same partition across clients)", () => {
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

// The other speed hunks (varints written in place, the small-integer varlong path, allocUnsafe, sized encoders,
// writeEncoder without slices, linear partition grouping) promise byte-identical output. Held here against upstream:
// fixtures/kafkajs-produce-v3.json holds digests of produce requests the unpatched 2.2.4 tree encoded
// (scripts/record-kafkajs-fixture.mjs), and the partition every message went to.
describe('kafkajs patch: produce requests are byte-identical to upstream 2.2.4', () => {
  const want = JSON.parse(
    readFileSync(new URL('./fixtures/kafkajs-produce-v3.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

  it('the same produce requests and partition choices, plain and idempotent, for every message set', async () => {
    const { encodeCases } = (await import('./fixtures/kafkajs-produce-cases.mjs')) as {
      encodeCases: (dir: string) => Promise<Record<string, unknown>>;
    };
    const got = await encodeCases(kafkajsDir);
    expect(Object.keys(got)).toEqual(Object.keys(want));
    for (const name of Object.keys(want)) expect(got[name], name).toEqual(want[name]);
  });

  it('varints: the in-place writeUVarInt and the small-integer varlong path match the general encodings', () => {
    const Encoder = require(`${kafkajsDir}src/protocol/encoder.js`);
    const Long = require(`${kafkajsDir}src/utils/long.js`);
    /** Unsigned LEB128, as the Kafka protocol defines UNSIGNED_VARINT. */
    const uvarint = (v: number): number[] => {
      const out: number[] = [];
      for (v >>>= 0; v >= 0x80; v >>>= 7) out.push((v & 0x7f) | 0x80);
      return [...out, v];
    };
    const values = [
      0,
      1,
      63,
      64,
      127,
      128,
      255,
      16_383,
      16_384,
      2 ** 21,
      2 ** 28,
      2 ** 30 - 1,
      2 ** 31 - 1,
      2 ** 32 - 1,
    ];
    for (const v of values) expect([...new Encoder().writeUVarInt(v).buffer], `uvarint ${v}`).toEqual(uvarint(v));
    const signed = [
      ...values.filter((v) => v < 2 ** 31),
      -1,
      -64,
      -65,
      -(2 ** 30),
      -(2 ** 30) - 1,
      2 ** 30,
      2 ** 31,
      2 ** 40,
      -(2 ** 40),
    ];
    for (const v of signed) {
      // A Long never takes the fast path: it is the general zigzag-64 encoding to compare with.
      const general = new Encoder().writeVarLong(Long.fromNumber(v)).buffer;
      expect(new Encoder().writeVarLong(v).buffer.equals(general), `varlong ${v}`).toBe(true);
      expect(Encoder.sizeOfVarLong(v), `sizeOfVarLong ${v}`).toBe(general.length);
    }
  });
});
