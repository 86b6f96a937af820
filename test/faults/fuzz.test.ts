import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVaktError } from '@vakt/errors/vakt-error';
import { mentionInputValidator, mentionValidator } from '@vakt/schema/mention';
import { scoredMentionValidator } from '@vakt/schema/scored-mention';
import { alertValidator } from '@vakt/schema/alert';
import { deadLetterValidator } from '@vakt/schema/dead-letter';
import { splitBody } from '@vakt/stages/ingest';

process.env['DOTENV_CONFIG_QUIET'] ??= 'true';
const { analyze } = await import('@vakt/sentiment/analyze');

// Seeded so a failure reproduces; FAULTS_FUZZ_RUNS raises the budget for a long soak.
const RUNS = Number(process.env['FAULTS_FUZZ_RUNS'] ?? 2_000);
const params = { numRuns: RUNS, seed: Number(process.env['FAULTS_FUZZ_SEED'] ?? 20261123) };
const validators = [
  mentionInputValidator,
  mentionValidator,
  scoredMentionValidator,
  alertValidator,
  deadLetterValidator,
];

/** Values close to a valid mention, so the fuzzer reaches past the first `required` check. */
const nearMention = fc.record(
  {
    schemaVersion: fc.oneof(fc.constant(1), fc.anything()),
    id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    source: fc.oneof(fc.string(), fc.anything()),
    text: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 500 }), fc.anything()),
    created_at: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
    ),
    ingested_at: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
    ),
    lang: fc.oneof(fc.constantFrom('sv', 'en', 'other'), fc.string()),
    url: fc.oneof(fc.webUrl(), fc.string()),
    author: fc.oneof(
      fc.record(
        { id: fc.string(), handle: fc.string(), followers: fc.oneof(fc.nat(), fc.double()) },
        { requiredKeys: [] },
      ),
      fc.anything(),
    ),
    matches: fc.array(fc.record({ watch: fc.string(), entities: fc.array(fc.string()) })),
    watch: fc.string(),
  },
  { requiredKeys: [] },
);

function expectCleanResult(r: { ok: boolean; error?: unknown }): void {
  if (!r.ok) expect(isVaktError(r.error) && r.error.code === 'VAKT_SCHEMA_INVALID').toBe(true);
}

describe('fuzz: wire-format validators never throw, only return VAKT_SCHEMA_INVALID', () => {
  it('check(anything) and check(near-valid mentions)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything({
            withBigInt: true,
            withDate: true,
            withMap: true,
            withSet: true,
            withTypedArray: true,
            withSparseArray: true,
            withNullPrototype: true,
          }),
          nearMention,
        ),
        (value) => {
          for (const v of validators) expectCleanResult(v.check(value) as { ok: boolean; error?: unknown });
        },
      ),
      params,
    );
  });

  it('parse(any string), parse(any bytes), parse(JSON of near-valid mentions)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.uint8Array({ maxLength: 2_000 }).map((a) => Buffer.from(a)),
          nearMention.map((m) => JSON.stringify(m)),
        ),
        (raw) => {
          for (const v of validators) expectCleanResult(v.parse(raw) as { ok: boolean; error?: unknown });
        },
      ),
      params,
    );
  });

  it('pathological shapes: deep nesting, huge strings, prototype keys', () => {
    const deep = JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`) as unknown;
    const cases: unknown[] = [
      deep,
      { id: 'x', source: 'y', text: 'z', created_at: '2026-11-23T09:00:00Z', author: deep },
      JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
      { id: 'a'.repeat(5_000_000), source: 's', text: 't', created_at: '2026-11-23T09:00:00Z' },
      Object.create(null) as object,
    ];
    for (const c of cases)
      for (const v of validators) expectCleanResult(v.check(c) as { ok: boolean; error?: unknown });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('splitBody: any body either splits or throws a VaktError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.array(nearMention).map((a) => JSON.stringify(a)),
          fc.array(nearMention).map((a) => a.map((m) => JSON.stringify(m)).join('\n')),
        ),
        (body) => {
          try {
            const { items, parseErrors } = splitBody(body);
            expect(Array.isArray(items)).toBe(true);
            expect(parseErrors.length).toBeLessThanOrEqual(items.length);
          } catch (e) {
            expect(isVaktError(e)).toBe(true);
          }
        },
      ),
      params,
    );
  });
});

const WORDS = [
  'inte',
  'bra',
  'dålig',
  'not',
  'good',
  'bad',
  'never',
  'aldrig',
  '!!!',
  '??',
  ':(',
  ':)',
  '😡',
  '👍',
  'NOT',
  'BRA',
  'utan',
  'but',
  'men',
  'very',
  'mycket',
  'knappast',
  '#fail',
  '@user',
  'https://x.se',
  '...',
  'ej',
];

describe('fuzz: the sentiment engine never crashes, never hangs, always answers in range', () => {
  const check = (text: string): void => {
    const a = analyze(text);
    expect(['negative', 'neutral', 'positive']).toContain(a.label);
    expect(Number.isFinite(a.score)).toBe(true);
    expect(a.score).toBeGreaterThanOrEqual(-1);
    expect(a.score).toBeLessThanOrEqual(1);
    expect(a.confidence).toBeGreaterThanOrEqual(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
  };

  it('any Unicode text, and word salads of sentiment-bearing tokens', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 2_000 }),
          fc.string({ unit: 'grapheme', maxLength: 500 }),
          fc.array(fc.constantFrom(...WORDS), { maxLength: 300 }).map((w) => w.join(' ')),
        ),
        check,
      ),
      params,
    );
  });

  it('adversarial long inputs finish (the test timeout is the hang guard); the slowest is printed', () => {
    const cases = [
      'x'.repeat(200_000),
      '!'.repeat(200_000),
      'inte '.repeat(40_000),
      'not not not '.repeat(15_000),
      '😡'.repeat(50_000),
      'a'.repeat(100_000) + ' bra',
      Array.from({ length: 20_000 }, (_, i) => WORDS[i % WORDS.length]).join(''),
      '\u0000\uFFFF\uD800'.repeat(30_000),
      'https://'.repeat(20_000),
      'ÅÄÖ'.repeat(60_000),
    ];
    let slowest = 0;
    for (const c of cases) {
      const t = performance.now();
      check(c);
      slowest = Math.max(slowest, performance.now() - t);
    }
    console.log(
      `FUZZ slowest adversarial analyze(): ${slowest.toFixed(0)} ms over ${cases.length} inputs of up to 200k chars`,
    );
  }, 120_000);
});
