import './style.css';
import { io } from 'socket.io-client';
import { api, setCsrf, type AlertState, type LiveBatch, type Me, type Watch } from './api.js';
import { h, replace } from './dom.js';
import { getLang, setLang, t, type Key } from './i18n.js';
import type { Ctx, View } from './context.js';
import { overviewView } from './views/overview.js';
import { mentionsView } from './views/mentions.js';
import { alertsView, alertDetailView } from './views/alerts.js';
import { watchesView } from './views/watches.js';
import { adminView } from './views/admin.js';
import { alertBanner } from './views/banner.js';

const ROUTES: { key: Key; hash: string; admin?: boolean }[] = [
  { key: 'overview', hash: '#/overview' },
  { key: 'mentions', hash: '#/mentions' },
  { key: 'alerts', hash: '#/alerts' },
  { key: 'watches', hash: '#/watches' },
  { key: 'admin', hash: '#/admin', admin: true },
];

async function boot(): Promise<void> {
  const me = await api<Me>('/api/me');
  setCsrf(me.csrfToken);
  const { watches } = await api<{ watches: Watch[] }>('/api/watches');
  // Same-origin websocket: the browser sends the session cookie; the server checks it and the Origin.
  const socket = io({ transports: ['websocket'], path: '/socket.io' });
  const ctx: Ctx = {
    me: me.user,
    watches,
    // An alert's link (generatorURL: /?watch=<id>&from=…&to=…) opens its watch; else the last one chosen.
    watch:
      new URLSearchParams(location.search).get('watch') ?? localStorage.getItem('vakt.watch') ?? watches[0]?.id ?? '*',
    socket,
    go: (hash) => void (location.hash = hash),
    canEdit: me.user.role !== 'viewer',
  };
  if (ctx.watch !== '*' && !watches.some((w) => w.id === ctx.watch)) ctx.watch = watches[0]?.id ?? '*';

  const app = document.getElementById('app')!;
  const main = h('main', { id: 'main', tabindex: '-1' });
  const status = h('span', { class: 'live off', role: 'status' }, t('paused'));
  let view: View | undefined;

  const subscribe = (): void => void socket.emit('subscribe', { watch: ctx.watch });
  socket.on('connect', () => {
    subscribe();
    replace(status, t('live'));
    status.className = 'live on';
  });
  socket.on('disconnect', (reason) => {
    replace(status, t('paused'));
    status.className = 'live off';
    // The server closes a socket when access may have changed (password change, logout elsewhere, session or token
    // age); socket.io does not reconnect after that on its own. Reconnect once: a still-valid session (e.g. the new
    // cookie after a password change) goes live again, a revoked one fails the handshake and goes to login below.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1_000);
  });
  socket.on('connect_error', () => {
    // A refused handshake means the session ended: go log in again.
    void api('/api/me').catch(() => undefined);
  });
  // The banner sits above every view and sees every alert change, whatever the view or the chosen watch.
  const banner = alertBanner(ctx);
  socket.on('batch', (b: LiveBatch) => {
    banner.onBatch(b);
    view?.onBatch?.(b);
  });
  socket.on('alertState', (s: AlertState) => {
    banner.onAlertState(s);
    view?.onAlertState?.(s);
  });

  const header = (): HTMLElement => {
    const select = h(
      'select',
      {
        id: 'watch',
        'aria-label': t('watch'),
        on: {
          change: (e) => {
            ctx.watch = (e.target as HTMLSelectElement).value;
            localStorage.setItem('vakt.watch', ctx.watch);
            subscribe();
            route();
          },
        },
      },
      h('option', { value: '*' }, t('allWatches')),
      ...ctx.watches.map((w) => h('option', { value: w.id }, w.name)),
    );
    select.value = ctx.watch;
    const current = location.hash.split('/')[1] ?? 'overview';
    return h(
      'header',
      { class: 'top' },
      h('strong', { class: 'brand' }, 'Vakt'),
      h(
        'nav',
        { 'aria-label': 'Vakt' },
        ...ROUTES.filter((r) => !r.admin || me.user.role === 'admin').map((r, i) =>
          h(
            'button',
            {
              class: current === r.hash.slice(2) ? 'nav active' : 'nav',
              'aria-current': current === r.hash.slice(2) ? 'page' : undefined,
              title: `${i + 1}`,
              on: { click: () => ctx.go(r.hash) },
            },
            t(r.key),
          ),
        ),
      ),
      select,
      status,
      h('button', { class: 'lang', title: 'L', on: { click: toggleLang } }, getLang() === 'sv' ? 'English' : 'Svenska'),
      h('span', { class: 'who' }, me.user.username),
      h(
        'button',
        {
          class: 'link',
          on: { click: () => void api('/api/logout', { method: 'POST' }).finally(() => location.assign('/login')) },
        },
        t('logout'),
      ),
    );
  };

  function route(): void {
    view?.dispose?.();
    const [, name = 'overview', arg] = location.hash.split('/');
    replace(app, header(), banner.el, main, h('footer', { class: 'keys' }, t('keys')));
    banner.render();
    main.replaceChildren();
    if (name === 'mentions') view = mentionsView(main, ctx);
    else if (name === 'alerts' && arg) view = alertDetailView(main, ctx, decodeURIComponent(arg));
    else if (name === 'alerts') view = alertsView(main, ctx);
    else if (name === 'watches')
      view = watchesView(main, ctx, async () => {
        ctx.watches = (await api<{ watches: Watch[] }>('/api/watches')).watches;
      });
    else if (name === 'admin' && me.user.role === 'admin') view = adminView(main, ctx);
    else view = overviewView(main, ctx);
    if (socket.connected) {
      replace(status, t('live'));
      status.className = 'live on';
    }
  }
  function toggleLang(): void {
    setLang(getLang() === 'sv' ? 'en' : 'sv');
    route();
  }

  document.addEventListener('keydown', (e) => {
    const tag = (e.target as HTMLElement).tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || e.ctrlKey || e.metaKey || e.altKey) return;
    const n = Number(e.key);
    const allowed = ROUTES.filter((r) => !r.admin || me.user.role === 'admin');
    if (n >= 1 && n <= allowed.length) ctx.go(allowed[n - 1]!.hash);
    else if (e.key === 'l' || e.key === 'L') toggleLang();
    else if (e.key === '/') {
      const first = main.querySelector<HTMLElement>('input, select');
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  });
  window.addEventListener('hashchange', route);
  document.documentElement.lang = getLang();
  route();
}

void boot();
