import { api, qs, type AlertState, type LiveBatch, type Mention, type TimelinePoint } from '../api.js';
import { barRow, fillBuckets, fitFrom, STEP_MS, timelineChart, type Step } from '../chart.js';
import { h, replace } from '../dom.js';
import { fmtDecimal, fmtNumber, fmtPct, t, type Key } from '../i18n.js';
import { frameScheduler, type Ctx, type View } from '../context.js';
import { alertRow, chartOptions, errorNote, mentionCard, section } from './parts.js';

const SPAN: Record<Step, number> = { minute: 2 * 3_600_000, hour: 7 * 86_400_000, day: 90 * 86_400_000 };

/** Live overview of one watch: volume/sentiment timeline with zoom, negative share, breakdowns, surging terms, alerts. */
export function overviewView(root: HTMLElement, ctx: Ctx): View {
  let step: Step = (sessionStorage.getItem('vakt.step') as Step | null) ?? 'minute';
  let points: TimelinePoint[] = [];
  let recent: Mention[] = [];
  let alerts: AlertState[] = [];
  let breakdowns: Record<'source' | 'lang' | 'entity', { key: string; total: number; negative: number }[]> = {
    source: [],
    lang: [],
    entity: [],
  };
  let surging: { term: string; weight: number }[] = [];
  let from = Date.now() - SPAN[step];

  const watchQ = ctx.watch === '*' ? undefined : ctx.watch;
  const stats = h('div', { class: 'stats' });
  const chartBox = h('div', { class: 'chartbox' });
  const zoom = h('div', { class: 'zoom', role: 'group', 'aria-label': 'zoom' });
  const bd = { source: h('ul', { class: 'bd' }), lang: h('ul', { class: 'bd' }), entity: h('ul', { class: 'bd' }) };
  const surgingEl = h('ol', { class: 'terms' });
  const alertEl = h('ul', { class: 'alerts' });
  const recentEl = h('div', { class: 'stream' });

  const render = (): void => {
    const to = Date.now() + 1;
    const filled = fillBuckets(points, fitFrom(points, from, to, step), to, step);
    const total = filled.reduce((n, p) => n + p.total, 0);
    const neg = filled.reduce((n, p) => n + p.negative, 0);
    const lastMin = filled.slice(-1)[0];
    const firing = alerts.filter((a) => a.alert.status === 'firing').length;
    replace(
      stats,
      stat('total', fmtNumber(total), 'stat-total'),
      stat('negativeShare', total ? fmtPct(neg / total) : '—', 'stat-neg'),
      stat(
        step === 'minute' ? 'thisMinute' : step === 'hour' ? 'thisHour' : 'thisDay',
        fmtNumber(lastMin?.total ?? 0),
        'stat-rate',
      ),
      stat('alerts', fmtNumber(firing), 'stat-alerts'),
    );
    replace(chartBox, timelineChart(filled, chartOptions(step, chartBox)));
    replace(
      zoom,
      ...(['minute', 'hour', 'day'] as const).map((s) =>
        h(
          'button',
          { class: s === step ? 'active' : '', 'aria-pressed': s === step, on: { click: () => void setStep(s) } },
          t(s),
        ),
      ),
    );
    for (const k of ['source', 'lang', 'entity'] as const) {
      const max = Math.max(1, ...breakdowns[k].map((r) => r.total));
      replace(
        bd[k],
        ...(breakdowns[k].length
          ? breakdowns[k].map((r) =>
              h(
                'li',
                {},
                h('bdi', {}, r.key),
                barRow(r.total, r.negative, max),
                h(
                  'span',
                  { class: 'num' },
                  `${fmtNumber(r.total)} ${t('mentionsWord')} · ${fmtPct(r.total ? r.negative / r.total : 0)} ${t('negativeWord')}`,
                ),
              ),
            )
          : [h('li', { class: 'muted' }, t('noData'))]),
      );
    }
    replace(
      surgingEl,
      ...(surging.length
        ? surging.map((s) =>
            h('li', {}, h('bdi', {}, s.term), h('span', { class: 'num' }, `${t('weight')} ${fmtDecimal(s.weight)}`)),
          )
        : [h('li', { class: 'muted' }, t('noData'))]),
    );
    replace(
      alertEl,
      ...(alerts.length
        ? alerts.slice(0, 8).map((a) => alertRow(a, ctx.go, ctx.watches))
        : [h('li', { class: 'muted' }, t('noAlerts'))]),
    );
    replace(recentEl, ...recent.slice(0, 8).map((m) => mentionCard(m)));
  };
  const schedule = frameScheduler(render);

  async function load(): Promise<void> {
    const now = Date.now();
    from = now - SPAN[step];
    try {
      const tasks: Promise<unknown>[] = [
        api<{ alerts: AlertState[] }>(`/api/alerts${qs({ watch: watchQ, limit: 20 })}`).then(
          (r) => void (alerts = r.alerts),
        ),
        api<{ mentions: Mention[] }>(`/api/mentions${qs({ watch: watchQ, limit: 8 })}`).then(
          (r) => void (recent = r.mentions),
        ),
      ];
      if (watchQ) {
        tasks.push(
          api<{ points: TimelinePoint[] }>(
            `/api/watches/${watchQ}/timeline${qs({ step, from, to: now + STEP_MS[step] })}`,
          ).then((r) => void (points = r.points)),
        );
        for (const by of ['source', 'lang', 'entity'] as const) {
          tasks.push(
            api<{ rows: typeof breakdowns.source }>(
              `/api/watches/${watchQ}/breakdown${qs({ by, from, to: now })}`,
            ).then((r) => void (breakdowns = { ...breakdowns, [by]: r.rows })),
          );
        }
        tasks.push(
          api<{ terms: typeof surging }>(`/api/watches/${watchQ}/surging${qs({ limit: 10 })}`).then(
            (r) => void (surging = r.terms),
          ),
        );
      }
      await Promise.all(tasks);
      schedule();
    } catch (e) {
      root.prepend(errorNote(e));
    }
  }
  async function setStep(s: Step): Promise<void> {
    step = s;
    sessionStorage.setItem('vakt.step', s);
    await load();
  }

  root.append(
    h('h1', {}, `${t('overview')} – ${ctx.watches.find((w) => w.id === ctx.watch)?.name ?? t('allWatches')}`),
    stats,
    section(
      t('volume'),
      zoom,
      chartBox,
      h(
        'p',
        { class: 'legend' },
        h('span', { class: 'key negative' }, t('negative')),
        h('span', { class: 'key neutral' }, t('neutral')),
        h('span', { class: 'key positive' }, t('positive')),
        h('span', { class: 'key share' }, t('negativeShare')),
      ),
    ),
    h(
      'div',
      { class: 'grid' },
      section(t('alertFeed'), alertEl),
      section(t('surging'), surgingEl),
      section(t('bySource'), bd.source),
      section(t('byLang'), bd.lang),
      section(t('byEntity'), bd.entity),
    ),
    section(t('newest'), recentEl),
  );
  render();
  void load();
  // Breakdowns and surging terms come from the store's rollups; refreshing them every 30 s is plenty.
  const timer = setInterval(() => void load(), 30_000);
  // The chart is drawn at its box's pixel width (text unstretched): draw it again when the window changes size.
  window.addEventListener('resize', schedule);

  return {
    onBatch(b: LiveBatch) {
      if (b.watch !== ctx.watch) return;
      // Exact live counts go into the current bucket, so the chart moves without refetching.
      const size = STEP_MS[step];
      const bucket = Math.floor(b.sentAt / size) * size;
      let p = points.find((x) => x.t === bucket);
      if (!p) points.push((p = { t: bucket, total: 0, negative: 0, neutral: 0, positive: 0, avgScore: 0 }));
      p.negative += b.counts.negative;
      p.neutral += b.counts.neutral;
      p.positive += b.counts.positive;
      p.total += b.counts.negative + b.counts.neutral + b.counts.positive;
      recent = [...b.mentions.slice().reverse(), ...recent].slice(0, 8);
      for (const a of b.alerts) upsertAlert({ alert: a });
      schedule();
    },
    onAlertState(s) {
      upsertAlert(s);
      schedule();
    },
    dispose: () => {
      clearInterval(timer);
      window.removeEventListener('resize', schedule);
    },
  };

  function upsertAlert(s: AlertState): void {
    if (watchQ && s.alert.labels.watch !== watchQ) return;
    const i = alerts.findIndex((a) => a.alert.fingerprint === s.alert.fingerprint);
    if (i >= 0) alerts[i] = { ...alerts[i], ...s };
    else alerts.unshift(s);
  }
}

function stat(key: Key, value: string, id: string): HTMLElement {
  return h('div', { class: 'stat', id }, h('span', { class: 'value' }, value), h('span', { class: 'label' }, t(key)));
}
