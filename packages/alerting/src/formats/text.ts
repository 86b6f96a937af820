import type { Alert } from '@vakt/schema/alert';

/** Shared wording for chat formats, so Slack and Teams say the same thing. Mention text is truncated here. */
export function headline(a: Alert): string {
  const icon =
    a.status === 'resolved'
      ? '✅ Resolved'
      : a.labels.severity === 'critical'
        ? '🔴 Critical'
        : a.labels.severity === 'warning'
          ? '🟠 Warning'
          : 'ℹ️ Info';
  return `${icon}: negative storm on ${a.labels.watch}`;
}

export function figures(a: Alert): Array<[string, string]> {
  const e = a.evidence;
  return [
    ['Series', `${a.labels.series} (${a.labels.window ?? e.window})`],
    ['Observed / expected', `${round(e.observed)} / ${round(e.expected)}`],
    ['Score', e.score.toFixed(2)],
    ['Since', a.startsAt.replace('T', ' ').slice(0, 16) + ' UTC'],
  ];
}

export function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}

const round = (x: number): string => (Math.abs(x) >= 10 ? x.toFixed(0) : x.toFixed(2));
