import { describe, expect, it } from 'vitest';
import { escapeString, ident, literal, sql, toClickHouseDateTime } from '../src/sql-literal.js';
import { HOSTILE, onBothEngines } from './helpers.js';

describe('escapeString / literal', () => {
  it.each([
    // quote and backslash are escaped, backslash first so the quote's escape is not doubled
    ["it's", "it\\'s"],
    ['a\\b', 'a\\\\b'],
    ["\\'", "\\\\\\'"],
    // control characters never appear raw in SQL text
    ['a\u0000b', 'a\\0b'],
    ['a\nb\r\tc', 'a\\nb\\r\\tc'],
    ['\u0007\u001b\u007f', '\\x07\\x1b\\x7f'],
    // unicode passes through, lone surrogates become U+FFFD like the UTF-8 encoder would
    ['Åsa 🙂', 'Åsa 🙂'],
    ['x\uD800y', 'x\uFFFDy'],
  ])('escapes %j', (input, expected) => {
    expect(escapeString(input)).toBe(expected);
  });

  it('renders values and refuses those without a safe literal', () => {
    expect(literal("'); DROP TABLE t; --")).toBe("'\\'); DROP TABLE t; --'");
    expect(literal(3)).toBe('3');
    expect(literal(-3)).toBe('(-3)'); // never `--` with a preceding minus
    expect(literal(true)).toBe('1');
    expect(literal(null)).toBe('NULL');
    expect(literal(['a', "b'"])).toBe("['a', 'b\\'']");
    expect(literal(new Date('2026-11-23T10:00:00.999Z'))).toBe("toDateTime('2026-11-23 10:00:00', 'UTC')");
    expect(() => literal(Number.NaN)).toThrow(TypeError);
    expect(() => literal(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => literal(new Date(-1))).toThrow(TypeError);
    expect(() => literal({} as never)).toThrow(TypeError);
  });

  it('ident accepts plain names only', () => {
    expect(ident('vakt.mentions').text).toBe('vakt.mentions');
    expect(() => ident('vakt.mentions; DROP')).toThrow(TypeError);
    expect(() => ident('`x`')).toThrow(TypeError);
  });

  it('sql tag escapes every interpolation', () => {
    expect(sql`SELECT ${"a'b"} AS x, ${1}`.text).toBe("SELECT 'a\\'b' AS x, 1");
    expect(toClickHouseDateTime(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('2026-01-02 03:04:05');
  });
});

onBothEngines('literals round-trip through the engine', (ctx) => {
  it('SELECT of every hostile string returns it unchanged', async () => {
    const { store } = ctx();
    const list = HOSTILE.map((h) => h.toWellFormed());
    const q = sql`SELECT ${list} AS v, ${HOSTILE[1] ?? ''} = arrayElement(${list}, 2) AS same`;
    const rs = await store.ch.query({ query: q.text, format: 'JSONEachRow' });
    const [row] = await rs.json<{ v: string[]; same: number | string }>();
    expect(row?.v).toEqual(list);
    expect(Number(row?.same)).toBe(1);
  });
});
