import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { fmtTime, t } from '../i18n.js';
import type { Ctx, View } from '../context.js';
import { errorNote, section } from './parts.js';
import { sourcesSection } from './sources.js';

interface UserRow {
  id: string;
  username: string;
  role: string;
  disabled: boolean;
  createdAt: string;
}
interface TokenRow {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  createdBy: string;
}

const roleSelect = (name: string) =>
  h(
    'select',
    { name, 'aria-label': t('role') },
    ...['viewer', 'editor', 'admin'].map((r) => h('option', { value: r }, r)),
  );

/** Users and API tokens (admin only; the server enforces it too). */
export function adminView(root: HTMLElement, ctx: Ctx): View {
  const usersEl = h('tbody', {});
  const tokensEl = h('tbody', {});
  const note = h('div', { role: 'status' });

  async function load(): Promise<void> {
    try {
      const [u, tk] = await Promise.all([
        api<{ users: UserRow[] }>('/api/users'),
        api<{ tokens: TokenRow[] }>('/api/tokens'),
      ]);
      replace(
        usersEl,
        ...u.users.map((x) =>
          h(
            'tr',
            {},
            h('td', {}, h('bdi', {}, x.username)),
            h('td', {}, x.role),
            h('td', {}, x.disabled ? t('disabled') : ''),
            h('td', {}, fmtTime(x.createdAt)),
            h(
              'td',
              {},
              x.id === ctx.me.id
                ? ''
                : h(
                    'button',
                    {
                      class: 'link',
                      on: { click: () => void act(`/api/users/${x.id}`, 'PATCH', { disabled: !x.disabled }) },
                    },
                    x.disabled ? t('enable') : t('disable'),
                  ),
            ),
          ),
        ),
      );
      replace(
        tokensEl,
        ...tk.tokens.map((x) =>
          h(
            'tr',
            {},
            h('td', {}, x.name),
            h('td', {}, x.role),
            h('td', {}, h('bdi', {}, x.createdBy)),
            h('td', {}, fmtTime(x.createdAt)),
            h(
              'td',
              {},
              h(
                'button',
                { class: 'link danger', on: { click: () => void act(`/api/tokens/${x.id}`, 'DELETE') } },
                t('remove'),
              ),
            ),
          ),
        ),
      );
    } catch (e) {
      replace(note, errorNote(e));
    }
  }
  async function act(path: string, method: string, body?: unknown): Promise<unknown> {
    try {
      const r = await api(path, { method, body });
      await load();
      return r;
    } catch (e) {
      replace(note, errorNote(e));
      return undefined;
    }
  }

  const userForm = h(
    'form',
    { class: 'inline' },
    h('input', {
      name: 'username',
      placeholder: t('username'),
      'aria-label': t('username'),
      required: true,
      maxlength: 64,
    }),
    h('input', {
      name: 'password',
      type: 'password',
      placeholder: t('password'),
      'aria-label': t('password'),
      required: true,
      minlength: 12,
      autocomplete: 'new-password',
    }),
    roleSelect('role'),
    h('button', { type: 'submit' }, t('create')),
  );
  userForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(userForm);
    void act('/api/users', 'POST', {
      username: f.get('username'),
      password: f.get('password'),
      role: f.get('role'),
    }).then(() => userForm.reset());
  });
  const tokenForm = h(
    'form',
    { class: 'inline' },
    h('input', { name: 'name', placeholder: t('name'), 'aria-label': t('name'), required: true, maxlength: 64 }),
    roleSelect('role'),
    h('button', { type: 'submit' }, t('create')),
  );
  tokenForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(tokenForm);
    void act('/api/tokens', 'POST', { name: f.get('name'), role: f.get('role') }).then((r) => {
      const secret = (r as { secret?: string } | undefined)?.secret;
      if (secret) replace(note, h('p', { class: 'secret' }, t('tokenOnce'), ' ', h('code', {}, secret)));
      tokenForm.reset();
    });
  });

  root.append(
    h('h1', {}, t('admin')),
    note,
    section(
      t('users'),
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ...[t('username'), t('role'), '', '', ''].map((x) => h('th', {}, x)))),
        usersEl,
      ),
      userForm,
    ),
    section(
      t('tokens'),
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ...[t('name'), t('role'), t('by'), '', ''].map((x) => h('th', {}, x)))),
        tokensEl,
      ),
      tokenForm,
    ),
  );
  const sources = sourcesSection();
  root.append(sources.el);
  void load();
  return { dispose: () => sources.stop() };
}
