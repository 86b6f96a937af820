import { api, ApiError, type Mention, type Watch } from '../api.js';
import { h, replace } from '../dom.js';
import { fmtNumber, fmtTime, getLang, t } from '../i18n.js';
import type { Ctx, View } from '../context.js';
import { errorNote, mentionCard } from './parts.js';

const blank = (): Watch => ({ id: '', name: '', query: '', entities: [], owners: [], routes: [], retentionDays: 365 });
const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
// This view's own strings (the shared dictionary stays as it is); same sv/en switch.
const fromFile = (): string =>
  getLang() === 'sv'
    ? 'Från bevakningsfilen: ändra den i filen (läses vid start).'
    : 'From the watches file: change it in the file (read at start).';
const fileMark = (): string => (getLang() === 'sv' ? 'fil' : 'file');

/** Watch list and editor with a live preview of what the query matches in the last 24 h. */
export function watchesView(root: HTMLElement, ctx: Ctx, refresh: () => Promise<void>): View {
  let current: Watch = ctx.watches[0] ? structuredClone(ctx.watches[0]) : blank();
  let isNew = !ctx.watches[0];
  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  const side = h('ul', { class: 'watchlist' });
  const editor = h('form', { class: 'editor' });
  const preview = h('div', { class: 'preview', 'aria-live': 'polite' });
  const note = h('p', { role: 'status', class: 'muted' });

  const renderSide = (): void =>
    replace(
      side,
      ...ctx.watches.map((w) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              class: w.id === current.id && !isNew ? 'active' : '',
              on: { click: () => select(structuredClone(w), false) },
            },
            h('bdi', {}, w.name),
            w.managedBy === 'file' ? h('span', { class: 'muted', title: fromFile() }, ` (${fileMark()})`) : undefined,
          ),
        ),
      ),
      ctx.canEdit
        ? h(
            'li',
            {},
            h('button', { id: 'new-watch', on: { click: () => select(blank(), true) } }, `+ ${t('newWatch')}`),
          )
        : undefined,
    );

  function select(w: Watch, fresh: boolean): void {
    current = w;
    isNew = fresh;
    renderSide();
    renderEditor();
    schedulePreview();
  }

  function renderEditor(): void {
    const ro = !ctx.canEdit || current.managedBy === 'file';
    const input = (
      name: string,
      value: string | number,
      on: (v: string) => void,
      extra: Record<string, string | number | boolean> = {},
    ) =>
      h('input', {
        name,
        value,
        disabled: ro,
        ...extra,
        on: { input: (e) => on((e.target as HTMLInputElement).value) },
      });
    const entityRows = current.entities.map((e, i) =>
      h(
        'div',
        { class: 'entity' },
        h(
          'select',
          {
            'aria-label': t('entities'),
            disabled: ro,
            on: {
              change: (ev) =>
                void (current.entities[i]!.kind = (ev.target as HTMLSelectElement)
                  .value as Watch['entities'][0]['kind']),
            },
          },
          ...(['service', 'touchpoint', 'person'] as const).map((k) =>
            h('option', { value: k, selected: e.kind === k }, t(k)),
          ),
        ),
        input(`entity-name-${i}`, e.name, (v) => void (current.entities[i]!.name = v), {
          placeholder: t('name'),
          'aria-label': t('name'),
        }),
        input(`entity-query-${i}`, e.query, (v) => void (current.entities[i]!.query = v), {
          placeholder: t('query'),
          'aria-label': t('query'),
        }),
        ro
          ? undefined
          : h(
              'button',
              {
                type: 'button',
                class: 'link',
                on: {
                  click: () => {
                    current.entities.splice(i, 1);
                    renderEditor();
                  },
                },
              },
              t('remove'),
            ),
      ),
    );
    replace(
      editor,
      current.managedBy === 'file' ? h('p', { class: 'muted', id: 'watch-from-file' }, fromFile()) : undefined,
      isNew ? undefined : h('p', { class: 'muted' }, 'id: ', h('code', {}, current.id)),
      h(
        'label',
        {},
        h('span', {}, t('name')),
        input('name', current.name, (v) => void (current.name = v), { required: true, maxlength: 128 }),
      ),
      h(
        'label',
        {},
        h('span', {}, t('query')),
        input(
          'query',
          current.query,
          (v) => {
            current.query = v;
            schedulePreview();
          },
          { required: true, maxlength: 2000, spellcheck: false, placeholder: 'kassan OR "försäkringskassan" -jobb' },
        ),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, t('entities')),
        ...entityRows,
        ro
          ? undefined
          : h(
              'button',
              {
                type: 'button',
                on: {
                  click: () => {
                    current.entities.push({ name: '', kind: 'service', query: '' });
                    renderEditor();
                  },
                },
              },
              `+ ${t('add')}`,
            ),
      ),
      h(
        'label',
        {},
        h('span', {}, `${t('owners')} (${t('commaSep')})`),
        input('owners', current.owners.join(', '), (v) => void (current.owners = list(v))),
      ),
      h(
        'label',
        {},
        h('span', {}, `${t('routes')} (${t('commaSep')})`),
        input('routes', current.routes.join(', '), (v) => void (current.routes = list(v))),
      ),
      h(
        'label',
        {},
        h('span', {}, t('retention')),
        input('retention', current.retentionDays, (v) => void (current.retentionDays = Number(v)), {
          type: 'number',
          min: 1,
          max: 3650,
        }),
      ),
      current.updatedAt
        ? h(
            'p',
            { class: 'muted' },
            `${t('updated')} ${fmtTime(current.updatedAt)} ${t('by')} `,
            h('bdi', {}, current.updatedBy ?? ''),
          )
        : undefined,
      ro
        ? undefined
        : h(
            'div',
            { class: 'actions' },
            h('button', { type: 'submit' }, t('save')),
            isNew
              ? undefined
              : h('button', { type: 'button', class: 'danger', on: { click: () => void remove() } }, t('remove')),
          ),
      note,
    );
  }

  function schedulePreview(): void {
    clearTimeout(previewTimer);
    // Debounced: one preview per typing pause, not per keystroke.
    previewTimer = setTimeout(() => void runPreview(), 400);
  }
  async function runPreview(): Promise<void> {
    if (!ctx.canEdit || !current.query.trim()) return replace(preview);
    try {
      const r = await api<{ scanned: number; matched: number; negative: number; mentions: Mention[] }>(
        '/api/watches/preview',
        { method: 'POST', body: { query: current.query, limit: 10 } },
      );
      replace(
        preview,
        h('h2', {}, t('preview')),
        h(
          'p',
          { id: 'preview-count' },
          `${fmtNumber(r.matched)} ${t('previewCount')} ${fmtNumber(r.scanned)} · ${fmtNumber(r.negative)} ${t('previewNeg')}`,
        ),
        ...r.mentions.map((m) => mentionCard(m)),
      );
    } catch (e) {
      replace(preview, h('p', { class: 'error', role: 'alert' }, e instanceof ApiError ? e.message : String(e)));
    }
  }
  async function save(): Promise<void> {
    const { id, updatedAt: _u, updatedBy: _b, managedBy: _m, ...body } = current;
    try {
      const r = isNew
        ? await api<{ watch: Watch }>('/api/watches', { method: 'POST', body })
        : await api<{ watch: Watch }>(`/api/watches/${encodeURIComponent(id)}`, { method: 'PUT', body });
      await refresh();
      replace(note, t('saved'));
      select(structuredClone(r.watch), false);
    } catch (e) {
      replace(note, errorNote(e));
    }
  }
  async function remove(): Promise<void> {
    try {
      await api(`/api/watches/${encodeURIComponent(current.id)}`, { method: 'DELETE' });
      await refresh();
      select(ctx.watches[0] ? structuredClone(ctx.watches[0]) : blank(), !ctx.watches[0]);
    } catch (e) {
      replace(note, errorNote(e));
    }
  }
  editor.addEventListener('submit', (e) => {
    e.preventDefault();
    void save();
  });

  root.append(h('h1', {}, t('watches')), h('div', { class: 'split' }, h('nav', {}, side), editor, preview));
  renderSide();
  renderEditor();
  schedulePreview();
  return { dispose: () => clearTimeout(previewTimer) };
}
