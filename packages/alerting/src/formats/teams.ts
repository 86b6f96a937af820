import type { Alert } from '@vakt/schema/alert';
import { figures, headline, truncate } from './text.js';

/**
 * Microsoft Teams through a Workflows (Power Automate) "post to a channel when a webhook request is received"
 * trigger: a `message` whose attachment is an Adaptive Card (https://adaptivecards.io/schemas/adaptive-card.json,
 * version 1.4 as Teams supports). The retired Office 365 connector MessageCard format is not used.
 */
export function formatTeams(a: Alert, owners: string[] = []): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: headline(a), weight: 'Bolder', size: 'Medium', wrap: true, color: a.status === 'resolved' ? 'Good' : 'Attention' },
    { type: 'TextBlock', text: truncate(a.annotations.summary, 1000), wrap: true },
    { type: 'FactSet', facts: [...figures(a), ...(owners.length ? [['Owner', owners.join(', ')] as [string, string]] : [])].map(([title, value]) => ({ title, value })) },
  ];
  if (a.status === 'firing') {
    for (const m of a.evidence.topMentions.slice(0, 3)) {
      // Plain text, no markdown interpretation of user content beyond what TextBlock does; truncated.
      body.push({ type: 'TextBlock', text: `“${truncate(m.text.replace(/\s+/g, ' '), 200)}” (${m.source}, reach ${m.reach})`, wrap: true, isSubtle: true });
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
