/**
 * Why a page fired, in the reader's language: which series, observed vs expected, how much support, how old the
 * baseline was (and that a young one needed overwhelming evidence) and the surging terms. The top mentions travel
 * as data (`evidence.topMentions`) and every format lists them under this text. The
 * alerter puts both languages in the alert's annotations (`summary_sv`, `description_en`, …) so the dashboard shows
 * the one its UI uses, and the configured language in `summary`/`description` for receivers.
 *
 * Surging terms come from mention text (user-generated): the text is plain text, and every renderer escapes it.
 */
export type AlertLanguage = 'sv' | 'en';
export const ALERT_LANGUAGES: readonly AlertLanguage[] = ['sv', 'en'];

export interface PageFacts {
  watch: string;
  series: string;
  /** Window label, e.g. "1m" or "5s". */
  window: string;
  observed: number;
  expected: number;
  /** Event time the watch's baseline covered when the page fired. */
  baselineAgeMs?: number;
  coldStart?: boolean;
  /** How many times the usual evidence a young baseline required. */
  requiredFactor?: number;
  /** Negative mentions above the baseline behind the page (velocity: the post's reposts+replies). */
  support?: number;
  /** Decided on the window's count so far, before it closed. */
  windowOpen?: boolean;
  surgingTerms: ReadonlyArray<{ term: string }>;
}

const WORDS = {
  sv: {
    negative_count: 'negativa omnämnanden',
    negative_share: 'andel negativa omnämnanden',
    reach_negativity: 'räckviddsviktad negativitet',
    velocity: 'spridningstakt för ett negativt inlägg',
    per: 'per',
    vs: 'mot',
    expected: 'väntat',
    nearlyNone: 'nästan inget väntat',
    usually: 'vanligen',
    spreading: (obs: string, typ: string) =>
      `ett negativt inlägg sprids snabbt (${obs} delningar+svar/min, de mest spridda brukar nå ${typ})`,
    why: 'Varför',
    series: 'serie',
    support: (n: string) => `Stöd: ${n} negativa omnämnanden över baslinjen.`,
    supportVelocity: (n: string) => `Inlägget har ${n} delningar och svar.`,
    windowOpen: (win: string) =>
      `Larmet gick innan fönstret på ${win} hade stängt: siffran gäller hittills och kan fortfarande stiga.`,
    age: (a: string) => `Baslinjen är ${a} gammal.`,
    cold: (a: string, f: string) =>
      `Baslinjen är bara ${a} gammal: för en så ung bevakning krävdes ${f} gånger starkare belägg än vanligt.`,
    terms: 'Ökande termer',
    units: { s: 's', min: 'min', h: 'h', d: 'dygn' },
  },
  en: {
    negative_count: 'negative mentions',
    negative_share: 'share of negative mentions',
    reach_negativity: 'reach-weighted negativity',
    velocity: 'engagement velocity of one negative post',
    per: 'per',
    vs: 'vs',
    expected: 'expected',
    nearlyNone: 'almost none expected',
    usually: 'usually',
    spreading: (obs: string, typ: string) =>
      `a negative post is spreading fast (${obs} reposts+replies/min, the busiest posts usually reach ${typ})`,
    why: 'Why',
    series: 'series',
    support: (n: string) => `Support: ${n} negative mentions above the baseline.`,
    supportVelocity: (n: string) => `The post has ${n} reposts and replies.`,
    windowOpen: (win: string) => `Paged before the ${win} window closed: the figure is so far and may still grow.`,
    age: (a: string) => `The baseline is ${a} old.`,
    cold: (a: string, f: string) =>
      `The baseline is only ${a} old: a watch this young needed ${f} times the usual evidence.`,
    terms: 'Surging terms',
    units: { s: 's', min: 'min', h: 'h', d: 'days' },
  },
} as const;

/** An expectation below this is "almost none": a ratio to it says nothing. */
const NEAR_ZERO = 0.5;

function num(lang: AlertLanguage, x: number): string {
  const digits = Math.abs(x) >= 10 ? 0 : 1;
  return new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(x);
}
const pct = (lang: AlertLanguage, x: number): string => `${Math.round(x * 100)}${lang === 'sv' ? '\u00a0%' : '%'}`;

/** "45 s", "12 min", "3 h", "2 dygn" / "2 days". */
export function formatAge(ms: number, lang: AlertLanguage): string {
  const u = WORDS[lang].units;
  if (ms < 120_000) return `${Math.round(ms / 1000)} ${u.s}`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} ${u.min}`;
  if (ms < 2 * 86_400_000) return `${Math.round(ms / 3_600_000)} ${u.h}`;
  return `${Math.round(ms / 86_400_000)} ${u.d}`;
}

/** "1m" → "1 min", "5s" → "5 s". */
const windowText = (w: string, lang: AlertLanguage): string =>
  w.replace(/^(\d+)m$/, `$1 ${WORDS[lang].units.min}`).replace(/^(\d+)s$/, '$1 s');

/** One line: what fired and how far above normal. */
export function summarise(f: PageFacts, lang: AlertLanguage): string {
  const w = WORDS[lang];
  if (f.series === 'velocity') return `${f.watch}: ${w.spreading(num(lang, f.observed), num(lang, f.expected))}`;
  if (f.series === 'negative_share')
    return `${f.watch}: ${w.negative_share} ${pct(lang, f.observed)} ${w.per} ${windowText(f.window, lang)} ${w.vs} ${pct(lang, f.expected)} ${w.usually}`;
  const what = (w as Record<string, unknown>)[f.series] ?? f.series;
  const base = `${f.watch}: ${String(what)} ${num(lang, f.observed)} ${w.per} ${windowText(f.window, lang)}`;
  if (f.expected < NEAR_ZERO) return `${base} ${w.vs} ${w.nearlyNone}`;
  return `${base} ${w.vs} ${num(lang, f.expected)} ${w.expected} (×${num(lang, f.observed / f.expected)})`;
}

/** The "why" paragraph: series, figures, support, baseline age (cold start), surging terms. */
export function explain(f: PageFacts, lang: AlertLanguage): string {
  const w = WORDS[lang];
  const lines = [`${w.why} (${w.series} ${f.series}): ${summarise(f, lang).slice(f.watch.length + 2)}.`];
  if (f.support !== undefined)
    lines.push(f.series === 'velocity' ? w.supportVelocity(num(lang, f.support)) : w.support(num(lang, f.support)));
  if (f.windowOpen) lines.push(w.windowOpen(windowText(f.window, lang)));
  if (f.baselineAgeMs !== undefined) {
    const age = formatAge(f.baselineAgeMs, lang);
    lines.push(f.coldStart ? w.cold(age, num(lang, f.requiredFactor ?? 1)) : w.age(age));
  }
  const terms = f.surgingTerms.slice(0, 5).map((t) => t.term);
  if (terms.length) lines.push(`${w.terms}: ${terms.join(', ')}.`);
  return lines.join('\n');
}
