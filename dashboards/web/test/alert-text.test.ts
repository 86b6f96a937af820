import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../src/api.js';
import { fitFrom } from '../src/chart.js';

// i18n reads the saved language at import: give it a browser-like place to read from (Swedish, as the team).
const store = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, v),
});
vi.stubGlobal('navigator', { language: 'sv-SE' });
vi.stubGlobal('document', { documentElement: { lang: 'sv' } });
let i18n: typeof import('../src/i18n.js');
let text: typeof import('../src/alert-text.js');
beforeAll(async () => {
  i18n = await import('../src/i18n.js');
  text = await import('../src/alert-text.js');
});

const alert = (over: Partial<Alert> = {}): Alert => ({
  fingerprint: 'f',
  status: 'firing',
  startsAt: '2026-12-06T22:47:00Z',
  updatedAt: '2026-12-06T22:47:00Z',
  labels: { alertname: 'x', watch: 'trygg', series: 'negative_count', severity: 'critical' },
  annotations: { summary: 'trygg: negative mentions 74 per 5 s vs 13 expected (×5.7)' },
  evidence: { window: '5s', observed: 74, expected: 13, score: 1, topMentions: [], surgingTerms: [] },
  generatorURL: '/',
  ...over,
});

// Issue 17 item 7: the Swedish UI showed "negative mentions 74 per 5s vs 13 expected" and raw series names.
describe('alert words in the UI language', () => {
  it.each([
    // the alerter's own Swedish summary is used, without the leading watch id
    [
      'sv',
      { summary: 'x', summary_sv: 'trygg: negativa omnämnanden 74 per 5 s mot 13 väntat (×5,7)' },
      'negative_count',
      'negativa omnämnanden 74 per 5 s mot 13 väntat (×5,7)',
    ],
    // an alert without summary_sv gets a Swedish title from its evidence, never the English summary
    [
      'sv',
      { summary: 'trygg: negative mentions 74 per 5 s vs 13 expected' },
      'negative_count',
      'negativa omnämnanden 74 per 5 s mot 13 väntat',
    ],
    // a share is a percentage and compared with what is usual
    ['sv', { summary: 'x' }, 'negative_share', 'andel negativa 7400\u00a0% per 5 s mot 1300\u00a0% vanligen'],
    // the English UI gets English
    ['en', { summary: 'x' }, 'reach_negativity', 'reach-weighted negativity 74 per 5 s vs 13 expected'],
  ] as const)('%s %j %s', (lang, annotations, series, want) => {
    i18n.setLang(lang);
    expect(text.alertTitle(alert({ annotations: { ...annotations }, labels: { ...alert().labels, series } }))).toBe(
      want,
    );
  });

  it('the why text names the series in words, and history and severity read in Swedish', () => {
    i18n.setLang('sv');
    const a = alert({ annotations: { summary: 'x', description_sv: 'Varför (serie negative_count): …' } });
    expect(text.alertDescription(a)).toBe('Varför (serie negativa omnämnanden): …');
    expect(text.actionName('fired')).toBe('Larmet utlöstes');
    expect(text.severityName('warning')).toBe('Varning');
  });

  it('one date format per language, whatever the browser locale', () => {
    const at = new Date(2026, 11, 6, 23, 47, 56).getTime();
    i18n.setLang('sv');
    expect(i18n.fmtTime(at)).toBe('2026-12-06 23:47');
    i18n.setLang('en');
    expect(i18n.fmtTime(at)).toBe('6 Dec 2026, 23:47');
  });
});

describe('fitFrom: the chart spans the data, not the whole requested range', () => {
  const MIN = 60_000;
  const to = 120 * MIN;
  const pt = (t: number, total = 5) => ({ t, total, negative: total, neutral: 0, positive: 0, avgScore: 0 });
  it.each([
    // 15 minutes of data in a 2-hour range: starts 2 buckets before the first data
    [[pt(to - 15 * MIN), pt(to - MIN)], to - 17 * MIN],
    // one minute of data: still at least 10 buckets wide
    [[pt(to - MIN)], to - 10 * MIN],
    // no data: the requested range
    [[], 0],
    // data older than the range does not widen it
    [[pt(-5 * MIN), pt(to - MIN)], to - 10 * MIN],
  ])('%#', (points, want) => {
    expect(fitFrom(points, 0, to, 'minute')).toBe(want);
  });
});
