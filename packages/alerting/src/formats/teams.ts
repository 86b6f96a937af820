import type { Alert } from '@vakt/schema/alert';
import { figures, headline, truncate } from './text.js';

/**
 * Microsoft Teams through a Workflows (Power Automate) "post to a channel when a webhook request is received"
 * trigger: a `message` whose attachment is an Adaptive Card (https://adaptivecards.io/schemas/adaptive-card.json,
 * version 1.4 as Teams supports). The retired Office 365 connector MessageCard format is not used.
 */
/**
 * TextBlock renders a Markdown subset: user text could smuggle a link (`[text](url)`) or formatting. A zero-width
 * space between `]` and `(` and before `*`/`_` runs keeps the words and defuses the syntax.
 */
export function neutralise(s: string): string {
  return s.replace(/\]\(/g, ']\u200B(').replace(/([*_~`])/g, '\u200B$1');
}

export function formatTeams(a: Alert, owners: string[] = []): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    {
      type: 'TextBlock',
      text: headline(a),
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
      color: a.status === 'resolved' ? 'Good' : 'Attention',
    },
    { type: 'TextBlock', text: truncate(a.annotations.summary, 1000), wrap: true },
    {
      type: 'FactSet',
      facts: [...figures(a), ...(owners.length ? [['Owner', owners.join(', ')] as [string, string]] : [])].map(
        ([title, value]) => ({ title, value }),
      ),
    },
  ];
  if (a.status === 'firing') {
    // The "why" (figures, support, the baseline's age, surging terms from mention text), defused like mention text.
    if (a.annotations.description)
      body.push({ type: 'TextBlock', text: neutralise(truncate(a.annotations.description, 2000)), wrap: true });
    for (const m of a.evidence.topMentions.slice(0, 3)) {
      body.push({
        type: 'TextBlock',
        text: `“${neutralise(truncate(m.text.replace(/\s+/g, ' '), 200))}” (${neutralise(m.source)}, reach ${m.reach})`,
        wrap: true,
        isSubtle: true,
      });
    }
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: [{ type: 'Action.OpenUrl', title: 'Open in Vakt', url: a.generatorURL }],
        },
      },
    ],
  };
}
