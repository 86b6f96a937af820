import { h, safeLink } from '../dom.js';
import { renderText } from '../highlight.js';
import { fmtClock, fmtDate, fmtNumber, fmtPct, fmtTime, t, type Key } from '../i18n.js';
import type { Alert, AlertMention, AlertState, Mention, Watch } from '../api.js';
import { alertTitle, severityName, watchName } from '../alert-text.js';
import type { ChartOptions, Step } from '../chart.js';

export const reachOf = (m: Mention): number => {
  const e = m.engagement ?? {};
  return (m.author?.followers ?? 0) + (e.reposts ?? 0) * 10 + (e.quotes ?? 0) * 10 + (e.replies ?? 0) + (e.likes ?? 0);
};

/**
 * One mention as a card: label, author, reach, time, highlighted text (text nodes only), link only if http(s).
 * The label shown is an analyst's correction when there is one (marked as such); `correction` adds the control to
 * change it (analysts and admins only).
 */
export function mentionCard(m: Mention, correction?: HTMLElement): HTMLElement {
  const author = m.author?.handle ? `@${m.author.handle}` : (m.author?.name ?? '—');
  const label = m.correction?.label ?? m.sentiment.label;
  return h(
    'article',
    { class: `mention ${label}${m.correction ? ' is-corrected' : ''}`, 'data-id': m.id },
    h(
      'div',
      { class: 'meta' },
      h('span', { class: `pill ${label}` }, t(label)),
      uncertainPill(m),
      correctionNote(m),
      h('bdi', { class: 'author' }, author),
      h('span', {}, `${t('reach')} ${fmtNumber(reachOf(m))}`),
      h('span', {}, m.source),
      h('span', {}, m.sentiment.lang),
      h('time', { datetime: m.created_at }, fmtTime(m.created_at)),
      safeLink(m.url, t('open')),
      correction,
    ),
    renderText(m.text, m.sentiment.explanation, t('controlChar')),
  );
}

/**
 * "uncertain — check" when the lexicon's polarity and the engine's final label differ (`disagreement`), unless an
 * analyst has already corrected the label. Text node only.
 */
export function uncertainPill(m: Pick<Mention, 'sentiment' | 'correction'>): HTMLElement | undefined {
  if (!m.sentiment.disagreement || m.correction) return undefined;
  return h('span', { class: 'flag uncertain', title: t('uncertainWhy') }, t('uncertain'));
}

/** "Corrected by anna · model: Negative", or nothing for an uncorrected mention. Names are text nodes. */
export function correctionNote(m: Mention): HTMLElement | undefined {
  const c = m.correction;
  if (!c) return undefined;
  return h(
    'span',
    { class: 'corrected', title: fmtTime(c.correctedAt) },
    `${t('corrected')} ${t('by')} `,
    h('bdi', {}, c.correctedBy),
    ` · ${t('modelSaid')}: ${t(m.sentiment.label)}`,
  );
}

export function alertMentionCard(m: AlertMention): HTMLElement {
  return h(
    'article',
    { class: `mention ${m.label}` },
    h(
      'div',
      { class: 'meta' },
      h('span', { class: `pill ${m.label}` }, t(m.label as Key)),
      h('bdi', { class: 'author' }, m.author ?? '—'),
      h('span', {}, `${t('reach')} ${fmtNumber(m.reach)}`),
      h('span', {}, m.source),
      safeLink(m.url, t('open')),
    ),
    renderText(m.text, m.explanation, t('controlChar')),
  );
}

export function alertStatus(s: AlertState): string {
  if (s.alert.status === 'resolved') return t('resolved');
  if (s.silencedUntil && Date.parse(s.silencedUntil) > Date.now())
    return `${t('silencedUntil')} ${fmtTime(s.silencedUntil)}`;
  if (s.acknowledgedBy) return `${t('acknowledged')} ${s.acknowledgedBy}`;
  return t('firing');
}

/** A compact alert row for feeds and lists; the whole row is a keyboard-reachable link to the detail view. */
export function alertRow(
  s: AlertState | { alert: Alert },
  go: (hash: string) => void,
  watches: readonly Watch[],
): HTMLElement {
  const a = s.alert;
  return h(
    'li',
    { class: `alert ${a.status} ${a.labels.severity}`, 'data-fp': a.fingerprint, 'data-watch': a.labels.watch },
    h(
      'button',
      { class: 'rowlink', on: { click: () => go(`#/alerts/${encodeURIComponent(a.fingerprint)}`) } },
      h('span', { class: `sev ${a.labels.severity}` }, severityName(a.labels.severity)),
      h('span', { class: 'summary' }, alertTitle(a)),
      h(
        'span',
        { class: 'muted' },
        h('bdi', { class: 'watch' }, watchName(watches, a.labels.watch)),
        ` · ${fmtTime(a.startsAt)}`,
      ),
      h('span', { class: 'state' }, alertStatus(s as AlertState)),
    ),
  );
}

/** The timeline chart's words and formats in the UI's language, sized to the element it will sit in. */
export function chartOptions(step: Step, box: HTMLElement, marker?: number): ChartOptions {
  const time = step === 'minute' ? fmtClock : step === 'hour' ? fmtTime : fmtDate;
  return {
    label: t('volume'),
    countAxis: `${t('mentionsPer')} ${t(step).toLowerCase()}`,
    shareAxis: t('shareAxis'),
    time,
    num: fmtNumber,
    pct: fmtPct,
    width: box.clientWidth,
    ...(marker !== undefined ? { marker } : {}),
  };
}

export function section(title: string, ...body: (Node | string | undefined)[]): HTMLElement {
  return h('section', { class: 'card' }, h('h2', {}, title), ...body);
}

export function errorNote(e: unknown): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, `${t('error')}: ${(e as Error).message}`);
}
