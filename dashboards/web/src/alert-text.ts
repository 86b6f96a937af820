import type { Alert, AlertAction, Watch } from './api.js';
import { fmtDecimal, fmtPct, getLang, t, type Key } from './i18n.js';

/**
 * An alert's words in the UI's language. The alerter writes every language into the annotations
 * (`summary_sv`, `description_en`, …); those are used as they are. An alert without them (one stored before the
 * alerter wrote both languages, or the embedded demo's) gets a title built here from its structured fields, so the
 * Swedish UI never shows the receivers' English `summary`.
 */

const SERIES: Record<string, Key> = {
  negative_count: 'seriesNegativeCount',
  negative_share: 'seriesNegativeShare',
  reach_negativity: 'seriesReachNegativity',
  velocity: 'seriesVelocity',
};
const SEVERITY: Record<Alert['labels']['severity'], Key> = {
  info: 'sevInfo',
  warning: 'sevWarning',
  critical: 'sevCritical',
};
const ACTION: Record<AlertAction['action'], Key> = {
  fired: 'actFired',
  ack: 'actAck',
  silence: 'actSilence',
  resolve: 'actResolve',
  'auto-resolved': 'actAutoResolved',
};

/** "negativa omnämnanden" for `negative_count`; an unknown series keeps its name (it is a label, not user text). */
export const seriesName = (series: string): string => {
  const key = SERIES[series];
  return key ? t(key) : series;
};
export const severityName = (s: Alert['labels']['severity']): string => {
  const key: Key | undefined = SEVERITY[s];
  return key ? t(key) : s;
};
export const actionName = (a: string): string => {
  const key: Key | undefined = ACTION[a as AlertAction['action']];
  return key ? t(key) : a;
};

/** The name people gave the watch; the label is its id (or, for alerts from before ids, its old name). */
export const watchName = (watches: readonly Watch[], id: string): string =>
  watches.find((w) => w.id === id)?.name ?? id;

/** "1m" → "1 min", "5s" → "5 s". */
export const windowText = (w: string): string => w.replace(/^(\d+)m$/, '$1 min').replace(/^(\d+)s$/, '$1 s');

const annotation = (a: Alert, key: 'summary' | 'description'): string | undefined => {
  const v = (a.annotations as Record<string, string | undefined>)[`${key}_${getLang()}`];
  return v && v.trim() ? v : undefined;
};

/** The alerter's summary without its leading "<watch id>: " (the UI shows the watch's name next to it). */
function stripWatch(text: string, watch: string): string {
  return text.startsWith(`${watch}: `) ? text.slice(watch.length + 2) : text;
}

/** One line: what fired and how far above normal, in the UI's language. */
export function alertTitle(a: Alert): string {
  const given = annotation(a, 'summary');
  if (given) return stripWatch(given, a.labels.watch);
  const e = a.evidence;
  const isShare = a.labels.series === 'negative_share';
  const fmt = (x: number): string => (isShare ? fmtPct(x) : fmtDecimal(x, Math.abs(x) >= 10 ? 0 : 1));
  const expected = isShare ? `${fmt(e.expected)} ${t('usually')}` : `${fmt(e.expected)} ${t('expectedShort')}`;
  return `${seriesName(a.labels.series)} ${fmt(e.observed)} ${t('per')} ${windowText(e.window)} ${t('vs')} ${expected}`;
}

/**
 * The "why" paragraph in the UI's language, or nothing when the alert carries none in it. The alerter names the
 * series by its id ("serie negative_count"); a reader gets its name in words.
 */
export function alertDescription(a: Alert): string | undefined {
  const text = annotation(a, 'description');
  return text?.split(a.labels.series).join(seriesName(a.labels.series));
}

/** An observed or expected value of the alert's series: a share as a percentage, anything else as a number. */
export const seriesValue = (a: Alert, x: number): string =>
  a.labels.series === 'negative_share' ? fmtPct(x) : fmtDecimal(x, Math.abs(x) >= 10 ? 0 : 1);
