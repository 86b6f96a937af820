import { api, qs, type Alert, type AlertState, type LiveBatch } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { alertTitle, severityName, watchName } from '../alert-text.js';
import type { Ctx } from '../context.js';
import { alertStatus } from './parts.js';

/** How many firing alerts the banner names; the rest are counted ("+2 fler"). */
const SHOWN = 3;

/**
 * The banner above every page while any watch has a firing alert that is not silenced: severity, watch and what
 * fired, each a link to the alert. It holds its own list (every watch's firing alerts), fed by the initial fetch,
 * every alert-state change the server broadcasts, and a refetch every 30 s, so it does not depend on the view or the
 * watch chosen in the header.
 */
export function alertBanner(ctx: Ctx): {
  el: HTMLElement;
  onBatch(b: LiveBatch): void;
  onAlertState(s: AlertState): void;
  render(): void;
} {
  const el = h('div', { class: 'banner', id: 'alert-banner', role: 'alert', hidden: true });
  const states = new Map<string, AlertState>();

  const upsert = (s: AlertState | { alert: Alert }): void => {
    states.set(s.alert.fingerprint, { ...states.get(s.alert.fingerprint), ...s });
  };
  const active = (s: AlertState): boolean =>
    s.alert.status === 'firing' && !(s.silencedUntil && Date.parse(s.silencedUntil) > Date.now());

  function render(): void {
    const firing = [...states.values()]
      .filter(active)
      .sort((a, b) => rank(b.alert) - rank(a.alert) || Date.parse(b.alert.startsAt) - Date.parse(a.alert.startsAt));
    el.hidden = firing.length === 0;
    if (!firing.length) return void el.replaceChildren();
    replace(
      el,
      h('strong', { class: 'banner-title' }, `${t('alertBanner')} (${firing.length})`),
      ...firing.slice(0, SHOWN).map((s) =>
        h(
          'button',
          {
            class: `banner-alert ${s.alert.labels.severity}`,
            'data-fp': s.alert.fingerprint,
            on: { click: () => ctx.go(`#/alerts/${encodeURIComponent(s.alert.fingerprint)}`) },
          },
          h('span', { class: `sev ${s.alert.labels.severity}` }, severityName(s.alert.labels.severity)),
          ' ',
          h('bdi', { class: 'watch' }, watchName(ctx.watches, s.alert.labels.watch)),
          ': ',
          alertTitle(s.alert),
          s.acknowledgedBy ? h('span', { class: 'muted' }, ` · ${alertStatus(s)}`) : undefined,
        ),
      ),
      firing.length > SHOWN
        ? h(
            'button',
            { class: 'link', on: { click: () => ctx.go('#/alerts') } },
            `+${firing.length - SHOWN} ${t('moreAlerts')}`,
          )
        : undefined,
    );
  }

  const load = (): void =>
    void api<{ alerts: AlertState[] }>(`/api/alerts${qs({ status: 'firing', limit: 100 })}`)
      .then((r) => {
        // The fetch is the truth for what still fires: drop what it no longer lists.
        for (const [fp, s] of states)
          if (s.alert.status === 'firing' && !r.alerts.some((a) => a.alert.fingerprint === fp)) states.delete(fp);
        for (const s of r.alerts) upsert(s);
        render();
      })
      .catch(() => undefined); // the banner is a convenience; the views report API errors
  load();
  setInterval(load, 30_000);

  return {
    el,
    render,
    onBatch(b) {
      for (const a of b.alerts) upsert({ alert: a });
      if (b.alerts.length) render();
    },
    onAlertState(s) {
      upsert(s);
      render();
    },
  };
}

const rank = (a: Alert): number => ({ critical: 3, warning: 2, info: 1 })[a.labels.severity] ?? 0;
