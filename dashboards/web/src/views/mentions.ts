import { api, qs, type LiveBatch, type Mention } from '../api.js';
import { h, replace } from '../dom.js';
import { fmtNumber, t } from '../i18n.js';
import { frameScheduler, type Ctx, type View } from '../context.js';
import { errorNote, mentionCard } from './parts.js';
import { apiCorrector, correctionControl } from './correction.js';

const KEEP = 200;

/**
 * Mention stream: newest (live) or most-reaching negative, filtered by sub-entity, label, language, source and time.
 * Analysts and admins can correct each mention's label; corrections feed `vakt train --add-corrections`.
 */
export function mentionsView(root: HTMLElement, ctx: Ctx): View {
  let list: Mention[] = [];
  let order: 'newest' | 'reach' = 'newest';
  let missed = 0;
  const watch = ctx.watch === '*' ? undefined : ctx.watch;
  const entities = ctx.watches.find((w) => w.id === watch)?.entities ?? [];

  const field = (key: 'entity' | 'label' | 'lang' | 'source', options?: [string, string][]) => {
    const el = options
      ? h(
          'select',
          { name: key },
          h('option', { value: '' }, t('any')),
          ...options.map(([v, l]) => h('option', { value: v }, l)),
        )
      : h('input', { name: key, size: 8, maxlength: 64 });
    return { el, label: h('label', {}, h('span', {}, t(key === 'lang' ? 'language' : key)), el) };
  };
  const entity = field(
    'entity',
    entities.map((e) => [e.name, e.name]),
  );
  const label = field('label', [
    ['negative', t('negative')],
    ['neutral', t('neutral')],
    ['positive', t('positive')],
  ]);
  const lang = field('lang', [
    ['sv', 'svenska'],
    ['en', 'English'],
    ['other', '…'],
  ]);
  const source = field('source');
  const hours = h('input', { name: 'hours', type: 'number', min: 1, max: 720, value: 24, size: 4 });
  const listEl = h('div', { class: 'stream', 'aria-live': 'off' });
  const info = h('p', { class: 'muted', role: 'status' });
  const orderBtns = h('div', { class: 'zoom', role: 'group' });
  const correct = apiCorrector(watch);

  const filters = (): Record<string, string | number | undefined> => ({
    watch,
    entity: entity.el.value,
    label: label.el.value,
    lang: lang.el.value,
    source: source.el.value.trim(),
    from: Date.now() - Number(hours.value || 24) * 3_600_000,
    order,
    limit: 100,
  });
  const matches = (m: Mention): boolean => {
    const f = filters();
    return (
      (!f.entity || m.matches.some((x) => (!watch || x.watch === watch) && x.entities.includes(String(f.entity)))) &&
      (!f.label || m.sentiment.label === f.label) &&
      (!f.lang || m.sentiment.lang === f.lang) &&
      (!f.source || m.source === f.source)
    );
  };
  const render = (): void => {
    replace(
      orderBtns,
      ...(['newest', 'reach'] as const).map((o) =>
        h(
          'button',
          {
            class: o === order ? 'active' : '',
            'aria-pressed': o === order,
            on: {
              click: () => {
                order = o;
                if (o === 'reach') label.el.value = 'negative';
                void load();
              },
            },
          },
          t(o === 'newest' ? 'newest' : 'mostReaching'),
        ),
      ),
    );
    replace(
      listEl,
      ...list.map((m) =>
        mentionCard(
          m,
          ctx.canEdit
            ? correctionControl(m, correct, (updated) => {
                list = list.map((x) => (x === m ? updated : x));
                schedule();
              })
            : undefined,
        ),
      ),
    );
    replace(
      info,
      `${fmtNumber(list.length)} · ${order === 'newest' ? t('live') : t('paused')}${missed ? ` · +${fmtNumber(missed)}` : ''}`,
    );
  };
  const schedule = frameScheduler(render);
  async function load(): Promise<void> {
    try {
      list = (await api<{ mentions: Mention[] }>(`/api/mentions${qs(filters())}`)).mentions;
      missed = 0;
      schedule();
    } catch (e) {
      root.prepend(errorNote(e));
    }
  }

  const form = h(
    'form',
    {
      class: 'filters',
      on: {
        submit: (e) => {
          e.preventDefault();
          void load();
        },
      },
    },
    entity.label,
    label.label,
    lang.label,
    source.label,
    h('label', {}, h('span', {}, t('hours')), hours),
    h('button', { type: 'submit' }, t('apply')),
  );
  root.append(h('h1', {}, t('mentions')), orderBtns, form, info, listEl);
  render();
  void load();

  return {
    onBatch(b: LiveBatch) {
      if (b.watch !== ctx.watch || order !== 'newest') return;
      const fresh = b.mentions.filter(matches).reverse();
      list = [...fresh, ...list].slice(0, KEEP);
      missed += b.dropped;
      schedule();
    },
  };
}
