import { api, qs, type AlertAction, type AlertState, type LiveBatch, type TimelinePoint } from '../api.js';
import { fillBuckets, fitFrom, timelineChart } from '../chart.js';
import { h, replace, safeLink } from '../dom.js';
import { fmtDecimal, fmtNumber, fmtTime, t } from '../i18n.js';
import { frameScheduler, type Ctx, type View } from '../context.js';
import {
  actionName,
  alertDescription,
  alertTitle,
  seriesName,
  seriesValue,
  severityName,
  watchName,
  windowText,
} from '../alert-text.js';
import { alertMentionCard, alertRow, alertStatus, chartOptions, errorNote, section } from './parts.js';

/**
 * Every watch's alerts, firing first, live. The watch chosen in the header does not narrow this list: a storm on
 * another watch must not hide behind it. Filters (watch, status) are on the page and kept in the URL's hash query.
 */
export function alertsView(root: HTMLElement, ctx: Ctx): View {
  let alerts: AlertState[] = [];
  const listEl = h('ul', { class: 'alerts big' });
  const byWatch = h(
    'select',
    { name: 'watch', id: 'alerts-watch', on: { change: () => schedule() } },
    h('option', { value: '' }, t('allWatches')),
    ...ctx.watches.map((w) => h('option', { value: w.id }, w.name)),
  );
  const byStatus = h(
    'select',
    { name: 'status', id: 'alerts-status', on: { change: () => schedule() } },
    h('option', { value: '' }, t('allStatuses')),
    h('option', { value: 'firing' }, t('firing')),
    h('option', { value: 'resolved' }, t('resolved')),
  );
  const render = (): void => {
    const shown = alerts.filter(
      (a) =>
        (!byWatch.value || a.alert.labels.watch === byWatch.value) &&
        (!byStatus.value || a.alert.status === byStatus.value),
    );
    const sorted = shown.sort(
      (a, b) =>
        Number(b.alert.status === 'firing') - Number(a.alert.status === 'firing') ||
        Date.parse(b.alert.startsAt) - Date.parse(a.alert.startsAt),
    );
    replace(
      listEl,
      ...(sorted.length
        ? sorted.map((a) => alertRow(a, ctx.go, ctx.watches))
        : [h('li', { class: 'muted' }, t('noAlerts'))]),
    );
  };
  const schedule = frameScheduler(render);
  const upsert = (s: AlertState): void => {
    const i = alerts.findIndex((a) => a.alert.fingerprint === s.alert.fingerprint);
    if (i >= 0) alerts[i] = { ...alerts[i], ...s };
    else alerts.unshift(s);
  };
  root.append(
    h('h1', {}, t('alerts')),
    h('div', { class: 'filters' }, h('label', {}, t('watch'), byWatch), h('label', {}, t('status'), byStatus)),
    listEl,
  );
  void api<{ alerts: AlertState[] }>(`/api/alerts${qs({ limit: 500 })}`)
    .then((r) => {
      alerts = r.alerts;
      schedule();
    })
    .catch((e) => root.prepend(errorNote(e)));
  return {
    onBatch(b: LiveBatch) {
      for (const a of b.alerts) upsert({ alert: a });
      if (b.alerts.length) schedule();
    },
    onAlertState(s) {
      upsert(s);
      schedule();
    },
  };
}

/** One alert: what fired and why (series, baseline vs observed, top mentions, surging terms), actions and history. */
export function alertDetailView(root: HTMLElement, ctx: Ctx, fp: string): View {
  let state: AlertState | undefined;
  let history: AlertAction[] = [];
  let series: TimelinePoint[] = [];
  const body = h('div', {});
  const render = (): void => {
    if (!state) return;
    const a = state.alert;
    const start = Date.parse(a.startsAt);
    const to = a.endsAt ? Date.parse(a.endsAt) + 30 * 60_000 : Date.now();
    const from = Math.min(fitFrom(series, start - 2 * 3_600_000, to, 'minute'), start - 10 * 60_000);
    const max = Math.max(a.evidence.observed, a.evidence.expected, 1e-9);
    replace(
      body,
      h(
        'h1',
        {},
        h('span', { class: `sev ${a.labels.severity}` }, severityName(a.labels.severity)),
        ' ',
        h('bdi', {}, watchName(ctx.watches, a.labels.watch)),
        ': ',
        alertTitle(a),
      ),
      h('p', { class: 'state big', id: 'alert-state' }, alertStatus(state)),
      actions(),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('watch')),
        h('dd', {}, h('bdi', {}, watchName(ctx.watches, a.labels.watch))),
        h('dt', {}, t('series')),
        h('dd', { title: a.labels.series }, seriesName(a.labels.series)),
        h('dt', {}, t('started')),
        h('dd', {}, fmtTime(a.startsAt)),
        a.endsAt ? h('dt', {}, t('ended')) : undefined,
        a.endsAt ? h('dd', {}, fmtTime(a.endsAt)) : undefined,
        h('dt', {}, t('window')),
        h('dd', {}, windowText(a.evidence.window)),
        h('dt', {}, t('leadTime')),
        h('dd', {}, `${fmtNumber(Math.round((Date.parse(a.updatedAt) - start) / 60_000))} min`),
      ),
      alertDescription(a) ? h('p', { class: 'why' }, alertDescription(a)) : undefined,
      section(
        t('why'),
        h(
          'div',
          { class: 'versus' },
          h(
            'div',
            {},
            h('span', { class: 'label' }, t('expected')),
            h('meter', { min: 0, max, value: a.evidence.expected }),
            h('strong', {}, seriesValue(a, a.evidence.expected)),
          ),
          h(
            'div',
            {},
            h('span', { class: 'label' }, t('observed')),
            h('meter', { min: 0, max, value: a.evidence.observed, class: 'hot' }),
            h('strong', {}, seriesValue(a, a.evidence.observed)),
          ),
        ),
        timelineChart(fillBuckets(series, from, to, 'minute'), chartOptions('minute', body, start)),
      ),
      h(
        'div',
        { class: 'grid' },
        section(
          t('surging'),
          h(
            'ol',
            { class: 'terms' },
            ...a.evidence.surgingTerms.map((s) =>
              h('li', {}, h('bdi', {}, s.term), h('span', { class: 'num' }, `${t('weight')} ${fmtDecimal(s.weight)}`)),
            ),
          ),
        ),
        section(t('history'), h('ol', { class: 'history' }, ...history.map(historyItem))),
      ),
      section(t('topMentions'), h('div', { class: 'stream' }, ...a.evidence.topMentions.map(alertMentionCard))),
    );
  };
  const schedule = frameScheduler(render);

  function actions(): HTMLElement | undefined {
    if (!ctx.canEdit || !state || state.alert.status === 'resolved') return undefined;
    const comment = h('input', {
      name: 'comment',
      maxlength: 500,
      placeholder: t('comment'),
      'aria-label': t('comment'),
    });
    const minutes = h(
      'select',
      { name: 'minutes', 'aria-label': t('minutes') },
      ...[30, 60, 240, 1440].map((m) => h('option', { value: m }, `${m} ${t('minutes')}`)),
    );
    const act = (verb: 'ack' | 'silence' | 'resolve') => async () => {
      try {
        const payload = {
          ...(comment.value ? { comment: comment.value } : {}),
          ...(verb === 'silence' ? { minutes: Number(minutes.value) } : {}),
        };
        state = (
          await api<{ state: AlertState }>(`/api/alerts/${encodeURIComponent(fp)}/${verb}`, {
            method: 'POST',
            body: payload,
          })
        ).state;
        history = (await api<{ history: AlertAction[] }>(`/api/alerts/${encodeURIComponent(fp)}/history`)).history;
        schedule();
      } catch (e) {
        root.prepend(errorNote(e));
      }
    };
    return h(
      'div',
      { class: 'actions' },
      h('button', { id: 'ack', on: { click: act('ack') }, disabled: !!state.acknowledgedBy }, t('ack')),
      minutes,
      h('button', { id: 'silence', on: { click: act('silence') } }, t('silence')),
      h('button', { id: 'resolve', on: { click: act('resolve') } }, t('resolve')),
      comment,
      safeLink(state.alert.generatorURL, '↗'),
    );
  }

  root.append(
    h('p', {}, h('button', { class: 'link', on: { click: () => ctx.go('#/alerts') } }, `← ${t('alerts')}`)),
    body,
  );
  void (async () => {
    try {
      const r = await api<{ state: AlertState; history: AlertAction[] }>(`/api/alerts/${encodeURIComponent(fp)}`);
      state = r.state;
      history = r.history;
      const start = Date.parse(state.alert.startsAt);
      const to = state.alert.endsAt ? Date.parse(state.alert.endsAt) + 30 * 60_000 : Date.now();
      series = (
        await api<{ points: TimelinePoint[] }>(
          `/api/watches/${state.alert.labels.watch}/timeline${qs({ step: 'minute', from: start - 2 * 3_600_000, to })}`,
        )
      ).points;
      schedule();
    } catch (e) {
      root.prepend(errorNote(e));
    }
  })();
  return {
    onAlertState(s) {
      if (s.alert.fingerprint !== fp) return;
      // Refetch rather than take the pushed copy: the API's copy has its surging terms cleaned of the watch's names.
      void api<{ state: AlertState; history: AlertAction[] }>(`/api/alerts/${encodeURIComponent(fp)}`)
        .then((r) => {
          state = r.state;
          history = r.history;
          schedule();
        })
        .catch((e) => root.prepend(errorNote(e)));
    },
  };
}

/** "2026-12-06 23:47 Kvitterat av anna → … «comment»"; the system's own steps (fired, auto-resolved) name no actor. */
function historyItem(x: AlertAction): HTMLElement {
  const bySystem = x.by === 'vakt' && (x.action === 'fired' || x.action === 'auto-resolved');
  return h(
    'li',
    {},
    h('time', { datetime: x.at }, fmtTime(x.at)),
    ` ${actionName(x.action)}`,
    bySystem ? undefined : ` ${t('actBy')} `,
    bySystem ? undefined : h('bdi', {}, x.by),
    x.until ? ` → ${fmtTime(x.until)}` : '',
    x.comment ? h('q', {}, x.comment) : undefined,
  );
}
