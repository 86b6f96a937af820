import { describe, expect, it } from 'vitest';
import { rng } from '@vakt/random/mulberry32';
import { alertValidator } from '@vakt/schema/alert';
import { scoredMentionValidator } from '@vakt/schema/scored-mention';
import { demoAlert, demoScoredMention } from '@vakt/demo/scored';
import { BASELINE, STORM } from '@vakt/demo/texts';

describe('scored demo mentions', () => {
  const t0 = Date.parse('2026-11-23T10:00:00Z');
  const draw = (seed: number, n: number) => {
    const r = rng(seed);
    return Array.from({ length: n }, (_, i) => demoScoredMention('trygghetskassan', t0 + i * 1_000, r));
  };

  it('are valid ScoredMentions whose explanation spans mark words of their own text', () => {
    for (const m of draw(3, 300)) {
      const checked = scoredMentionValidator.check(m);
      expect(checked.ok, checked.ok ? '' : checked.error.message).toBe(true);
      for (const span of m.sentiment.explanation) {
        expect(span.end).toBeGreaterThan(span.start);
        expect(m.text.slice(span.start, span.end).trim().length).toBe(span.end - span.start);
      }
    }
  });

  it('use the demo feed texts (templates filled), with the template label, most of them explained', () => {
    const templates = [...BASELINE.trygghetskassan, ...BASELINE.nordpay, ...STORM];
    const mentions = draw(5, 300);
    for (const m of mentions) {
      const from = templates.find((t) =>
        new RegExp(`^${t.text.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{svc\}|\{person\}/g, '.+')}$`, 'u').test(
          m.text,
        ),
      );
      expect(from, m.text).toBeDefined();
      expect(m.sentiment.label).toBe(from!.label);
    }
    expect(mentions.filter((m) => m.sentiment.explanation.length > 0).length).toBeGreaterThan(200);
    expect(new Set(mentions.map((m) => m.sentiment.label))).toEqual(new Set(['negative', 'neutral', 'positive']));
  });

  it('are the same for the same seed', () => {
    const strip = (ms: ReturnType<typeof draw>) => ms.map((m) => [m.text, m.sentiment.score, m.author]);
    expect(strip(draw(9, 50))).toEqual(strip(draw(9, 50)));
  });

  it('a demo alert over them is a valid Alert', () => {
    const checked = alertValidator.check(demoAlert('trygghetskassan', t0, draw(1, 10)));
    expect(checked.ok, checked.ok ? '' : checked.error.message).toBe(true);
  });
});
