// Self-contained on purpose: a logged-out browser may load only `assets/login-*`, so this entry imports nothing
// that the bundler could move into a shared chunk.
import './login.css';

const STRINGS = {
  sv: {
    username: 'Användarnamn',
    password: 'Lösenord',
    login: 'Logga in',
    wrong: 'Fel användarnamn eller lösenord',
    tooMany: 'För många försök – vänta en minut',
    other: 'English',
  },
  en: {
    username: 'Username',
    password: 'Password',
    login: 'Log in',
    wrong: 'Wrong username or password',
    tooMany: 'Too many attempts – wait a minute',
    other: 'Svenska',
  },
} as const;
type Lang = keyof typeof STRINGS;

let lang: Lang = localStorage.getItem('vakt.lang') === 'en' ? 'en' : 'sv';
const form = document.getElementById('login') as HTMLFormElement;
const error = document.getElementById('error') as HTMLParagraphElement;
const langBtn = document.getElementById('lang') as HTMLButtonElement;

function translate(): void {
  const s = STRINGS[lang];
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]'))
    el.textContent = s[el.dataset.i18n as keyof typeof s];
  langBtn.textContent = s.other;
  document.documentElement.lang = lang;
}
translate();
langBtn.addEventListener('click', () => {
  lang = lang === 'sv' ? 'en' : 'sv';
  localStorage.setItem('vakt.lang', lang);
  translate();
});

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const data = new FormData(form);
  error.textContent = '';
  void fetch('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
  }).then((res) => {
    if (res.ok) location.assign('/');
    else error.textContent = STRINGS[lang][res.status === 429 ? 'tooMany' : 'wrong'];
  });
});
