import type { Alert } from '@vakt/schema/alert';

/** A firing alert with hostile mention text (mrkdwn/markdown control characters, a fake @channel link). */
export function sampleAlert(over: Partial<Alert> = {}): Alert {
  return {
    schemaVersion: 1,
    fingerprint: '0123456789abcdef',
    status: 'firing',
    startsAt: '2026-01-05T09:12:00.000Z',
    updatedAt: '2026-01-05T09:12:00.000Z',
    labels: {
      alertname: 'VaktNegativeStorm',
      watch: 'trygghetskassan',
      series: 'negative_count',
      window: '1m',
      severity: 'critical',
    },
    annotations: {
      summary: 'trygghetskassan: negative mentions 42 per 1m vs 6 expected (×7.0)',
      description: 'Surging terms: utbetalning, försenad',
    },
    evidence: {
      window: '1m',
      observed: 42,
      expected: 6,
      score: 0.91,
      topMentions: [
        {
          id: 'm1',
          source: 'bluesky',
          url: 'https://example.org/1',
          text: 'Utbetalningen är försenad <!channel> <https://evil.example|klicka> & *fet*',
          author: 'lisa_k',
          reach: 25_000,
          label: 'negative',
          score: -0.8,
          explanation: [{ start: 15, end: 23, contribution: -0.6, rules: ['lexicon'] }],
        },
      ],
      surgingTerms: [
        { term: 'försenad', weight: 4.2 },
        { term: 'utbetalningen försenad', weight: 3.9 },
      ],
    },
    generatorURL: 'http://127.0.0.1:8080/?watch=trygghetskassan',
    ...over,
  };
}
