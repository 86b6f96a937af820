import type { Alert } from '@vakt/schema/alert';
import { figures, headline, truncate } from './text.js';

/**
 * Slack incoming webhook with Block Kit (https://api.slack.com/messaging/webhooks, https://api.slack.com/reference/block-kit/blocks):
 * `text` is the notification fallback; blocks carry a header, the figures as fields, the top mentions and a button
 * to the dashboard. Mention text is user-generated: mrkdwn control characters are escaped (&, <, >) so a post
 * cannot inject links or @channel pings.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function formatSlack(a: Alert, owners: string[] = []): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(headline(a), 150), emoji: true } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: escapeMrkdwn(truncate(a.annotations.summary, 2900)) },
      fields: figures(a).map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}*\n${escapeMrkdwn(v)}` })),
    },
  ];
  // The "why" (figures, support, the baseline's age, surging terms from mention text): escaped like any user text.
  if (a.status === 'firing' && a.annotations.description)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: escapeMrkdwn(truncate(a.annotations.description, 2900)) },
    });
  const top = a.evidence.topMentions.slice(0, 3);
  if (a.status === 'firing' && top.length) {
    const lines = top.map(
      (m) =>
        `• ${escapeMrkdwn(truncate(m.text.replace(/\s+/g, ' '), 200))} _(${escapeMrkdwn(m.source)}, reach ${m.reach})_`,
    );
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*Top mentions*\n${lines.join('\n')}`, 3000) },
    });
  }
  const context = [`fingerprint ${a.fingerprint}`];
  if (a.evidence.surgingTerms.length)
    context.push(
      `surging: ${a.evidence.surgingTerms
        .slice(0, 8)
        .map((t) => t.term)
        .join(', ')}`,
    );
  if (owners.length) context.push(`owner: ${owners.join(', ')}`);
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: escapeMrkdwn(truncate(context.join(' · '), 2000)) }],
  });
  blocks.push({
    type: 'actions',
    elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Vakt' }, url: a.generatorURL }],
  });
  return { text: truncate(`${headline(a)}: ${a.annotations.summary}`, 3000), blocks };
}
