import { createHash } from 'node:crypto';
import { rng } from '@vakt/random/mulberry32';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScoredMention, scoredMentionValidator } from '@vakt/schema/scored-mention';
import { decodeScoredMention, isScoredMention } from '@vakt/schema/scored-mention-decode';

/**
 * decodeScoredMention must give the Result scoredMentionValidator.parse gives, for every input. It can only differ
 * if the fast check `isScoredMention` (TypeBox's compiled checker) says true for a value ajv rejects (every false
 * goes to ajv), so each case
 * below asserts (1) soundness: fast true ⇒ ajv accepts, and (2) the two decoders' Results are equal (value, or the
 * error's code, message and context, which is what a dead letter carries). Valid records must take the fast path,
 * or the decoder saves nothing.
 */

/** A parsed record the tests mutate at any path, so its shape is deliberately open. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

// Four records the scorer wrote for the pipeline bench's texts (sentiment and explanation as produced).
const recorded = readFileSync(new URL('./fixtures/scored-mention-v1.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n');
const base = (): Json => JSON.parse(recorded[2]!);

/** Every optional field present, astral and non-ASCII text, several watches, `spans` explanation spans. */
function full(spans = 40): Json {
  const m = base();
  Object.assign(m, {
    url: 'https://bsky.app/profile/x/post/1',
    lang: 'sv',
    watch: 'fk',
    text: 'Försäkringskassan 😡 svarar aldrig i telefon',
    author: { id: 'did:plc:1', handle: 'anna.bsky.social', name: 'Anna Ö', followers: 1200 },
    engagement: { reposts: 3, replies: 4, likes: 10, quotes: 0 },
    matches: [
      { watch: 'fk', entities: ['kundtjänst', 'telefon'] },
      { watch: 'other', entities: [] },
    ],
  });
  m.sentiment.explanation = Array.from({ length: spans }, (_, i) => ({
    start: i,
    end: i + 1,
    contribution: -0.5 * i,
    rules: ['negated by "inte"', 'exclamation'],
  }));
  return m;
}

function expectSame(raw: string | Buffer): { fast: boolean; ok: boolean } {
  const slow = scoredMentionValidator.parse(raw);
  const fast = decodeScoredMention(raw);
  expect(fast.ok).toBe(slow.ok);
  if (fast.ok && slow.ok) expect(fast.value).toEqual(slow.value);
  if (!fast.ok && !slow.ok) {
    expect(fast.error.code).toBe(slow.error.code);
    expect(fast.error.message).toBe(slow.error.message);
    expect(fast.error.context).toEqual(slow.error.context);
  }
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return { fast: false, ok: slow.ok };
  }
  const f = isScoredMention(value);
  // Soundness: the fast path never accepts what the full validator rejects.
  if (f) expect(scoredMentionValidator.check(value).ok).toBe(true);
  return { fast: f, ok: slow.ok };
}

/** Every path to an object member or array item in `v` (where a mutation can go). */
function paths(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (v === null || typeof v !== 'object') return [];
  const out: Array<Array<string | number>> = [];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  for (const [k, x] of entries) out.push([...prefix, k], ...paths(x, [...prefix, k]));
  return out;
}

const astral = (n: number) => '😡'.repeat(n);
// Replacement values: wrong types, limits in code points and in UTF-16 units, numbers at the ranges' edges.
const REPLACEMENTS: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.5,
  2,
  -2,
  1e308,
  'x',
  '',
  'A',
  'sv',
  'abcd',
  'negative',
  'neutral',
  'positive',
  'Negative',
  [],
  ['x'],
  [{}],
  {},
  { watch: 'w', entities: [] },
  'a'.repeat(8),
  'a'.repeat(9),
  'a'.repeat(32),
  'a'.repeat(33),
  'a'.repeat(64),
  'a'.repeat(65),
  'a'.repeat(128),
  'a'.repeat(129),
  'a'.repeat(256),
  'a'.repeat(257),
  'a'.repeat(512),
  'a'.repeat(513),
  astral(8),
  astral(9),
  astral(64),
  astral(65),
  astral(128),
  astral(129),
  astral(512),
  astral(513),
  '2026-11-23T00:00:00Z',
  '2026-11-23T00:00:00.123456789Z',
  'bad source',
  '-bench',
  'bench:x.y_z-1',
];

function setAt(root: Json, path: Array<string | number>, value: unknown): void {
  let o: Json = root;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]!] = value;
}
function deleteAt(root: Json, path: Array<string | number>): void {
  let o: Json = root;
  for (const k of path.slice(0, -1)) o = o[k];
  const last = path[path.length - 1]!;
  if (Array.isArray(o)) o.splice(Number(last), 1);
  else delete o[last];
}

describe('decodeScoredMention gives the same Result as scoredMentionValidator.parse', () => {
  it('pins the schema it was checked against: a changed ScoredMention schema is re-checked for TypeBox/ajv differences', () => {
    // If this fails, the ScoredMention schema changed. Check that TypeBox cannot accept more than ajv under the new
    // schema (patterns that depend on ajv's `u` flag, new formats, new keywords; scored-mention-decode.ts refuses
    // minLength > 1 and formats other than date-time), add probes for it below, then put the new digest here. Descriptions are left out: they feed the generated
    // reference docs and never change what validates.
    const digest = createHash('sha256')
      .update(JSON.stringify(ScoredMention, (k, v: unknown) => (k === 'description' ? undefined : v)))
      .digest('hex');
    expect(digest).toBe('218621fd4b4d97cc08384af0dae2c1c49b7e1a1bdb39a33fe3c93e04f54a575b');
  });

  it('valid records (recorded, all optional fields, limits) take the fast path and decode to the same value', () => {
    const valid = [
      ...recorded,
      JSON.stringify(full()),
      JSON.stringify({ ...full(), text: 'a'.repeat(32_768), id: 'i'.repeat(512), source: 'a'.repeat(64) }),
      JSON.stringify({
        ...full(),
        created_at: '2024-02-29T23:59:59Z',
        ingested_at: '2000-02-29T00:00:00.1Z',
        scored_at: '1970-01-01T00:00:00.000000001Z',
      }),
      JSON.stringify({
        ...full(),
        matches: Array.from({ length: 64 }, (_, i) => ({
          watch: `w${i}`,
          entities: Array.from({ length: 64 }, () => 'e'.repeat(128)),
        })),
      }),
    ];
    for (const raw of valid) {
      // 1. the same Result from a string and from bytes; 2. the fast check alone accepts it.
      expect(expectSame(raw)).toEqual({ fast: true, ok: true });
      expect(expectSame(Buffer.from(raw))).toEqual({ fast: true, ok: true });
    }
  });

  it.each([
    // not JSON at all, and JSON that is not an object: the same "not valid JSON" / type errors
    ['truncated JSON', recorded[0]!.slice(0, 100)],
    ['empty', ''],
    ['an array', '[]'],
    ['null', 'null'],
    ['a number', '5'],
    // 1e400 parses to Infinity: not a number to ajv (finite only)
    ['Infinity score', recorded[0]!.replace(/"score":[^,]+/, '"score":1e400')],
    ['Infinity followers', recorded[0]!.replace(/"followers":0/, '"followers":1e400')],
    ['-Infinity contribution', recorded[0]!.replace(/"contribution":-1.8/, '"contribution":-1e400')],
    // a duplicate key: JSON.parse keeps the last, both decoders see the same object
    ['duplicate id, last wrong', recorded[0]!.replace('"id":"m-0"', '"id":"m-0","id":5')],
    ['duplicate id, last right', recorded[0]!.replace('"id":"m-0"', '"id":5,"id":"m-0"')],
    // __proto__ as a key is an own property after JSON.parse: an unknown property
    ['__proto__ key', recorded[0]!.replace('{"schemaVersion"', '{"__proto__":{"x":1},"schemaVersion"')],
    ['__proto__ in author', recorded[0]!.replace('"author":{', '"author":{"__proto__":1,')],
    ['constructor key', recorded[0]!.replace('{"schemaVersion"', '{"constructor":1,"schemaVersion"')],
    // a byte order mark is not JSON
    ['BOM', `\uFEFF${recorded[0]!}`],
  ])('%s', (_name, raw) => {
    expectSame(raw);
    expectSame(Buffer.from(raw));
  });

  it('invalid UTF-8 bytes decode the same way (replacement characters) in both', () => {
    const raw = Buffer.from(recorded[1]!.replace('Riktigt', 'Rik\u0000tigt'));
    raw[raw.indexOf(0)] = 0xff;
    expectSame(raw);
  });

  it('arrays at their item limits and one past them (matches, entities, explanation, rules)', () => {
    const sizes = (n: number) => [n - 1, n, n + 1];
    for (const n of sizes(64))
      expectSame(
        JSON.stringify({ ...base(), matches: Array.from({ length: n }, (_, i) => ({ watch: `w${i}`, entities: [] })) }),
      );
    for (const n of sizes(64))
      expectSame(
        JSON.stringify({ ...base(), matches: [{ watch: 'w', entities: Array.from({ length: n }, () => 'e') }] }),
      );
    for (const n of sizes(512)) {
      const m = base();
      m.sentiment.explanation = Array.from({ length: n }, () => ({ start: 0, end: 1, contribution: 0, rules: [] }));
      expectSame(JSON.stringify(m));
    }
    for (const n of sizes(16)) {
      const m = base();
      m.sentiment.explanation = [{ start: 0, end: 1, contribution: 0, rules: Array.from({ length: n }, () => 'r') }];
      expectSame(JSON.stringify(m));
    }
    expectSame(JSON.stringify({ ...base(), matches: [] }));
  });

  it('timestamps: every ajv-formats date-time rule, and the shapes the fast path leaves to ajv', () => {
    const times = [
      '2026-11-23T09:00:00Z',
      '2026-11-23T09:00:00.000Z',
      '2026-11-23T23:59:59.999999999Z',
      '2026-11-23T23:59:59.9999999999Z',
      '2026-11-23T00:00:59.99999999999999999Z',
      '2024-02-29T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z',
      '2100-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-04-30T00:00:00Z',
      '2026-12-31T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-13-10T00:00:00Z',
      '2026-01-00T00:00:00Z',
      '2026-01-32T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T23:60:00Z',
      '2026-01-01T23:59:60Z',
      '2026-01-01T22:59:60Z',
      '2026-01-01T23:59:61Z',
      '2026-01-02T00:59:60+01:00',
      '2026-01-01t09:00:00z',
      '2026-01-01 09:00:00Z',
      '2026-01-01T09:00:00+01:00',
      '2026-01-01T09:00:00+0100',
      '2026-01-01T09:00:00-24:00',
      '2026-01-01T09:00:00',
      '2026-01-01T09:00Z',
      '2026-1-01T09:00:00Z',
      '+02026-01-01T09:00:00Z',
      '2026-01-01T09:00:00Z\n',
      ' 2026-01-01T09:00:00Z',
      '2026-01-01T09:00:00.Z',
      '2026-01-01T09:00:00,5Z',
      '٢٠٢٦-01-01T09:00:00Z',
      '2026-01-01T09:00:00ZZ',
      `2026-01-01T09:00:00.${'1'.repeat(30)}Z`,
      '',
      'yesterday',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
    ];
    for (const field of ['created_at', 'ingested_at', 'scored_at'])
      for (const t of times) expectSame(JSON.stringify({ ...base(), [field]: t }));
  });

  it('one mutation at every path of a full record: replaced by each probe value, deleted, or given an unknown key', () => {
    const record = full(3);
    let cases = 0;
    for (const path of paths(record)) {
      for (const value of REPLACEMENTS) {
        const m = full(3);
        setAt(m, path, value);
        expectSame(JSON.stringify(m));
        cases++;
      }
      const del = full(3);
      deleteAt(del, path);
      expectSame(JSON.stringify(del));
      cases++;
    }
    for (const path of [[], ...paths(record)]) {
      const m = full(3);
      let o: Json = m;
      for (const k of path) o = o[k];
      if (o === null || typeof o !== 'object' || Array.isArray(o)) continue;
      o['extra'] = 1;
      expectSame(JSON.stringify(m));
      cases++;
    }
    expect(cases).toBeGreaterThan(2_000);
  }, 60_000);

  it('2,000 seeded records with one to four random mutations each agree, and some of them are still valid', () => {
    const random = rng(8);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    let valid = 0;
    for (let i = 0; i < 2_000; i++) {
      const m = random() < 0.5 ? full(3) : base();
      const k = 1 + Math.floor(random() * 4);
      for (let j = 0; j < k; j++) {
        const ps = paths(m);
        if (ps.length === 0) break;
        const p = pick(ps);
        if (random() < 0.15) deleteAt(m, p);
        else setAt(m, p, pick(REPLACEMENTS));
      }
      if (expectSame(JSON.stringify(m)).ok) valid++;
    }
    // Mutations to values the schema allows (e.g. a longer url) keep a record valid: both sides of the check ran.
    expect(valid).toBeGreaterThan(50);
  }, 60_000);
});
