import { describe, expect, it } from 'vitest';
import type { Alert } from '@vakt/schema/alert';
import { explain, formatAge, summarise, type PageFacts } from '../src/explain.js';
import { formatSlack } from '../src/formats/slack.js';
import { formatTeams } from '../src/formats/teams.js';

const facts = (over: Partial<PageFacts> = {}): PageFacts => ({
  watch: 'tk',
  series: 'negative_count',
  window: '1m',
  observed: 42,
  expected: 6,
  baselineAgeMs: 12 * 60_000,
  coldStart: true,
  requiredFactor: 9.9,
  support: 38,
  surgingTerms: [{ term: 'utbetalning' }, { term: 'försenad' }],
  ...over,
});

describe("explain: why a page fired, in the reader's language", () => {
  it.each([
    // Each case: the facts, the language, what the summary must say.
    ['count, Swedish', facts(), 'sv', 'tk: negativa omnämnanden 42 per 1 min mot 6,0 väntat (×7,0)'],
    ['count, English', facts(), 'en', 'tk: negative mentions 42 per 1 min vs 6.0 expected (×7.0)'],
    // A near-zero expectation: no ratio (×92 on 0.1 expected says nothing).
    [
      'near-zero expected, Swedish',
      facts({ series: 'reach_negativity', window: '5s', observed: 7.1, expected: 0.077 }),
      'sv',
      'tk: räckviddsviktad negativitet 7,1 per 5 s mot nästan inget väntat',
    ],
    [
      'near-zero expected, English',
      facts({ series: 'reach_negativity', window: '5s', observed: 7.1, expected: 0.077 }),
      'en',
      'tk: reach-weighted negativity 7.1 per 5 s vs almost none expected',
    ],
    [
      'share, Swedish',
      facts({ series: 'negative_share', observed: 0.68, expected: 0.23 }),
      'sv',
      'tk: andel negativa omnämnanden 68\u00a0% per 1 min mot 23\u00a0% vanligen',
    ],
    [
      'velocity, English',
      facts({ series: 'velocity', observed: 84, expected: 2.9, support: 120 }),
      'en',
      'tk: a negative post is spreading fast (84 reposts+replies/min, the busiest posts usually reach 2.9)',
    ],
  ] as const)('%s', (_name, f, lang, summary) => {
    expect(summarise(f, lang)).toBe(summary);
  });

  it('the why names the series, the figures, the support, the young baseline and the surging terms', () => {
    expect(explain(facts(), 'sv').split('\n')).toEqual([
      'Varför (serie negative_count): negativa omnämnanden 42 per 1 min mot 6,0 väntat (×7,0).',
      'Stöd: 38 negativa omnämnanden över baslinjen.',
      'Baslinjen är bara 12 min gammal: för en så ung bevakning krävdes 9,9 gånger starkare belägg än vanligt.',
      'Ökande termer: utbetalning, försenad.',
    ]);
    // A mature baseline is stated without the cold-start sentence.
    expect(explain(facts({ coldStart: false, baselineAgeMs: 9 * 86_400_000 }), 'en')).toContain(
      'The baseline is 9 days old.',
    );
    // A page decided on the window's count so far says so, in both languages, and only then.
    expect(explain(facts({ windowOpen: true }), 'sv')).toContain(
      'Larmet gick innan fönstret på 1 min hade stängt: siffran gäller hittills och kan fortfarande stiga.',
    );
    expect(explain(facts({ windowOpen: true }), 'en')).toContain(
      'Paged before the 1 min window closed: the figure is so far and may still grow.',
    );
    expect(explain(facts(), 'en')).not.toContain('window closed');
  });

  it.each([
    [45_000, 'sv', '45 s'],
    [12 * 60_000, 'en', '12 min'],
    [5 * 3_600_000, 'sv', '5 h'],
    [3 * 86_400_000, 'sv', '3 dygn'],
    [3 * 86_400_000, 'en', '3 days'],
  ] as const)('age %i ms in %s is "%s"', (ms, lang, text) => {
    expect(formatAge(ms, lang)).toBe(text);
  });

  it('chat formats show the why escaped: a surging term cannot inject a Slack link or a Teams Markdown link', () => {
    const why = explain(
      facts({
        surgingTerms: [{ term: '<!channel> <https://evil.example|klicka>' }, { term: '[här](https://evil.example)' }],
      }),
      'sv',
    );
    const alert: Alert = {
      schemaVersion: 1,
      fingerprint: '0123456789abcdef',
      status: 'firing',
      startsAt: '2026-01-05T09:00:00.000Z',
      updatedAt: '2026-01-05T09:00:00.000Z',
      labels: {
        alertname: 'VaktNegativeStorm',
        watch: 'tk',
        series: 'negative_count',
        window: '1m',
        severity: 'critical',
      },
      annotations: { summary: summarise(facts(), 'sv'), description: why },
      evidence: { window: '1m', observed: 42, expected: 6, score: 0.9, topMentions: [], surgingTerms: [] },
      generatorURL: 'http://127.0.0.1:8080/',
    };
    const slack = JSON.stringify(formatSlack(alert));
    expect(slack).toContain('Baslinjen är bara 12 min gammal');
    expect(slack).not.toContain('<!channel>');
    expect(slack).toContain('&lt;!channel&gt;');
    const teams = JSON.stringify(formatTeams(alert));
    expect(teams).toContain('Baslinjen är bara 12 min gammal');
    expect(teams).not.toContain('](https://evil.example)');
  });
});
