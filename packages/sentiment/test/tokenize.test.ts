import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize, TOKEN_RE, type RawToken, type TokenKind } from '../src/tokenize.js';

const KINDS: readonly TokenKind[] = ['url', 'mention', 'hashtag', 'emoticon', 'word', 'emoji', 'punct', 'break'];

/** The grammar applied the plain way, match after match: what `tokenize`'s hand-written scanner must reproduce. */
function byRegex(text: string): RawToken[] {
  const re = new RegExp(TOKEN_RE.source, TOKEN_RE.flags);
  const out: RawToken[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    let g = 1;
    while (m[g] === undefined) g++;
    const kind = KINDS[g - 1]!;
    out.push({
      kind,
      text: m[0],
      start: m.index,
      end: m.index + m[0].length,
      lower: kind === 'word' || kind === 'hashtag' ? m[0].toLowerCase() : m[0],
    });
  }
  return out;
}

// Pieces that sit on the scanner's decision points: letters that may open emoticons (d, D, o, O, 0, t, T), URL
// openings, inner apostrophes and hyphens, astral letters (𝐀) that only the regex classifies, lone surrogates,
// combining marks, non-ASCII spaces and every punctuation the grammar names.
const PIECES = [
  ...'aAdDoO0tTxXpPsS3_:;=-)(][/\\<>^*\'’ \t!?.,…¡¿–—\n\r@#åäöÅÄÖéü€$|"\u00a0\u0301ßİΣ١',
  '😂',
  '🙄',
  '👍🏽',
  '❤️',
  '\u200D',
  '🇸🇪',
  '💩💩',
  '\uD83C\uDFFB',
  '🏽',
  '1️⃣',
  '👨‍👩‍👧',
  '\uD83D',
  '𝐀',
  '𝒐',
  '\uD800',
  '\uDC00',
  'http://',
  'https://',
  'www.',
  'http',
  'www',
  ':-)',
  'D:',
  'o_O',
  'T_T',
  '<3',
  '^_^',
  'do',
  'to',
  "don't",
  'e-post',
  'sååå',
];

// Exhaustive and property checks: seconds of work, more on a loaded CI machine; the default 5 s limit is not a hang guard here.
describe('tokenize matches its grammar (TOKEN_RE) exactly', { timeout: 120_000 }, () => {
  // each case sits on one branch of the scanner
  it.each([
    ['plain words and punctuation', 'Hej!! Det var bra, tack.'],
    ['emoticons that start with letters', 'D: o_O T_T do: Dx'],
    ['URLs and near-URLs', 'http://x.se https://a.b www.c.d wwwx. http:x httpx://'],
    ['astral letters inside and around words', 'ab𝐀 𝐀bc a-𝐀 @a𝐀 #𝐀'],
    ['lone @ and #, underscores', '@ # @_x #a_b @@x'],
    ['dashes and kaomoji', 'a - b -- c – d — e -_- f'],
    ['line breaks', 'a\r\n\nb\rc'],
    ['emoji alone, repeated, with selectors, skin tones and ZWJ', '😂 😡😡😡 ❤️ 👍🏽 👨‍👩‍👧 🇸🇪 a😂b 😂\uD83D'],
  ])('%s', (_name, text) => {
    expect(tokenize(text)).toEqual(byRegex(text));
  });

  it('holds for random strings of decision-point pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (parts) => {
        const s = parts.join('');
        expect(tokenize(s)).toEqual(byRegex(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('holds for arbitrary full-Unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(tokenize(s)).toEqual(byRegex(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('holds around every BMP character', () => {
    const bad: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const s of ['a' + ch + 'b', ch + 'x', 'd' + ch + ':', '@' + ch, ':' + ch + ' ']) {
        if (JSON.stringify(tokenize(s)) !== JSON.stringify(byRegex(s))) bad.push(c.toString(16));
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});
