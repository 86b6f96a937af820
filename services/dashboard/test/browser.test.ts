import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createDashboardApp, type DashboardApp } from '../src/app.js';
import { createMemoryStore } from '../src/memory/store.js';
import { createMemoryAlerts } from '../src/memory/alerts.js';
import { createMemoryWatches } from '../src/memory/watches.js';
import { createMemoryUserStore } from '../src/auth/users.js';
import { createLocalFeed } from '../src/memory/feed.js';
import { demoAlert, demoScoredMention as demoMention } from '@vakt/demo/scored';
import { rng } from '@vakt/random/mulberry32';
import { hashPassword } from '../src/auth/password.js';
import { captureLog, PASSWORD } from './helpers.js';

// Real headless Chromium (Debian's) against the real server and the built web app. Screenshots go to
// test-output/ (gitignored) for a person to look at.
const OUT = join(import.meta.dirname, '..', 'test-output');
const CHROMIUM = '/usr/bin/chromium';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe('dashboard in headless Chromium', { timeout: 30_000 }, () => {
  let app: DashboardApp;
  let base: string;
  let ctx: BrowserContext;
  let page: Page;
  let profile: string;
  const feed = createLocalFeed();
  const store = createMemoryStore();
  const errors: string[] = [];
  const r = rng(42);

  beforeAll(async () => {
    // Never skip: a missing browser is a setup error with a fix.
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
    const webDir = dirname(createRequire(import.meta.url).resolve('@vakt/web/package.json'));
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: webDir, stdio: 'inherit' });
    mkdirSync(OUT, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    let clock = Date.now();
    const now = () => Math.max(clock, Date.now());
    const alerts = createMemoryAlerts(now);
    feed.onMention((m) => store.add(m));
    feed.onAlert((a) => void alerts.record(a));
    for (let i = 0; i < 600; i++) store.add(demoMention('kassan', Date.now() - r() * 2 * 3_600_000, r));
    const users = createMemoryUserStore();
    await users.createUser({ username: 'admin', role: 'admin', passwordHash: await hashPassword(PASSWORD) }, now());
    const watches = createMemoryWatches(now, [
      {
        id: 'kassan',
        name: 'Kassan',
        query: 'kassan OR fakturan OR appen',
        entities: [
          { name: 'faktura', kind: 'touchpoint', query: 'faktura' },
          { name: 'appen', kind: 'service', query: 'appen' },
        ],
        owners: ['kommunikation'],
        routes: ['slack'],
        retentionDays: 365,
        updatedAt: new Date().toISOString(),
        updatedBy: 'seed',
      },
    ]);
    app = createDashboardApp(
      { store, live: feed, users, alerts, watches, now, log: captureLog() },
      {
        publicUrl: base,
        sessionSecret: 'b'.repeat(32),
        webRoot: join(webDir, 'dist'),
        batchIntervalMs: 250,
        listen: { port, host: '127.0.0.1' },
      },
    );
    await app.start();
    clock = Date.now();
    profile = mkdtempSync(join(tmpdir(), 'vakt-chromium-'));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 1000 },
      locale: 'sv-SE',
    });
    page = ctx.pages()[0] ?? (await ctx.newPage());
    // Shorter than the test timeout, so a failure names the selector it waited for.
    page.setDefaultTimeout(10_000);
    // Any console error (CSP violations included) fails the run at the end.
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await ctx?.close();
    await app?.stop(2000);
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('requires login: pages redirect to /login, the API answers 401', async () => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    const api = await page.request.get(`${base}/api/mentions`);
    expect(api.status()).toBe(401);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'wrong password');
    await page.click('button[type=submit]');
    await page.waitForSelector('#error:not(:empty)');
    await page.screenshot({ path: join(OUT, 'login.png') });
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/`);
    // The 401s above were deliberate; from here on any console error is a failure.
    errors.length = 0;
  });

  it('overview renders live data and updates without reload', async () => {
    await page.waitForSelector('.live.on');
    await page.waitForSelector('#stat-total .value');
    await page.waitForFunction(() => document.querySelector('#stat-total .value')?.textContent !== '0');
    const before = await page.textContent('#stat-total .value');
    const navigations: string[] = [];
    page.on('framenavigated', (f) => void navigations.push(f.url()));
    for (let i = 0; i < 40; i++) feed.pushMention(demoMention('kassan', Date.now(), r));
    await page.waitForFunction((b) => document.querySelector('#stat-total .value')?.textContent !== b, before);
    const after = await page.textContent('#stat-total .value');
    const num = (s: string | null) => Number((s ?? '').replace(/\D/g, ''));
    expect(num(after)).toBe(num(before) + 40);
    expect(navigations).toEqual([]);
    expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(10);
    await page.screenshot({ path: join(OUT, 'overview.png'), fullPage: true });
  });

  it('an alert appears live and can be acknowledged', async () => {
    const top = await store.mentions({ watch: 'kassan', label: 'negative', order: 'reach', limit: 5 });
    feed.pushAlert(demoAlert('kassan', Date.now(), top, 'fp-browser'));
    const row = page.locator('li[data-fp="fp-browser"] button');
    await row.waitFor();
    await row.click();
    await page.waitForSelector('#ack');
    await page.waitForSelector('svg.chart line.marker', { state: 'attached' }); // a vertical line has no width: never "visible"
    await page.click('#ack');
    await page.waitForFunction(() => document.querySelector('#alert-state')?.textContent?.includes('admin'));
    expect(await page.textContent('#alert-state')).toMatch(/(Kvitterat av|Acknowledged by) admin/);
    expect(await page.locator('.history li').count()).toBe(2);
    await page.screenshot({ path: join(OUT, 'alert.png'), fullPage: true });
  });

  it('a hostile mention renders as text: no script, no javascript: link, bidi overrides shown', async () => {
    await page.goto(`${base}/#/mentions`);
    await page.waitForSelector('.stream .mention');
    const text =
      '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> fakturan \u202Egnp.exe \u2066x\u2069';
    feed.pushMention({
      ...demoMention('kassan', Date.now(), r),
      id: 'hostile',
      text,
      url: 'javascript:window.__pwned=3',
      author: { handle: '<b onclick=alert(1)>evil</b>', followers: 1 },
      sentiment: {
        ...demoMention('kassan', 0, r).sentiment,
        label: 'negative',
        explanation: [{ start: 0, end: 8, contribution: -0.5, rules: ['lexicon'] }],
      },
    });
    const card = page.locator('article[data-id="hostile"]');
    await card.waitFor();
    expect(await card.locator('script, img, b, a').count()).toBe(0);
    const shown = await card.locator('.text').textContent();
    expect(shown).toContain('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">');
    expect(shown).toContain('⟨U+202E⟩');
    expect(shown).not.toContain('\u202E');
    expect(await card.locator('mark').first().textContent()).toBe('<script>');
    expect(await card.locator('.author').textContent()).toBe('@<b onclick=alert(1)>evil</b>');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'hostile-mention.png') });
  });

  it('issue 15: a verdict that disagrees with the lexicon says "osäker — kontrollera"; highlights follow each word\'s push', async () => {
    await page.goto(`${base}/#/mentions`);
    await page.waitForSelector('.stream .mention');
    const text = 'Tack för ingenting, <b>kassan</b>!';
    const base0 = demoMention('kassan', 0, r).sentiment;
    feed.pushMention({
      ...demoMention('kassan', Date.now(), r),
      id: 'uncertain',
      text,
      sentiment: {
        ...base0,
        label: 'positive',
        disagreement: true,
        explanation: [
          { start: 0, end: 4, contribution: 0.45, rules: ['sarcasm'] },
          { start: 9, end: 18, contribution: -0.57, rules: ['model'] },
        ],
      },
    });
    const card = page.locator('article[data-id="uncertain"]');
    await card.waitFor();
    expect(await card.locator('.flag.uncertain').textContent()).toBe('osäker — kontrollera');
    // "Tack" pushed the shown (positive) verdict toward positive: green, whatever rule the lexicon applied to it
    expect(await card.locator('mark').nth(0).getAttribute('class')).toBe('hl plus');
    expect(await card.locator('mark').nth(1).getAttribute('class')).toBe('hl minus');
    expect(await card.locator('b').count()).toBe(0);
  });

  it('an analyst corrects a mention label from the mentions view; the card says it was corrected', async () => {
    await page.goto(`${base}/#/mentions`);
    const card = page.locator('.stream article.mention:not(.is-corrected)').first();
    await card.waitFor();
    const id = await card.getAttribute('data-id');
    const shown = await card.locator('select[name=correct]').inputValue();
    const target = shown === 'positive' ? 'negative' : 'positive';
    await card.locator('select[name=correct]').selectOption(target);
    const done = page.locator(`article[data-id="${id}"].is-corrected`);
    await done.waitFor();
    expect(await done.locator('.pill').textContent()).toBe(target === 'positive' ? 'Positiv' : 'Negativ');
    expect(await done.locator('.corrected').textContent()).toMatch(/^Rättad av admin · modellen: /);
    expect(await done.locator('select[name=correct]').inputValue()).toBe(target);
    // stored server-side, and the reloaded list still marks it
    const stored = await store.corrections({ limit: 10 });
    expect(stored.map((c) => [c.id, c.label, c.correctedBy])).toEqual([[id, target, 'admin']]);
    await page.reload();
    await page.locator(`article[data-id="${id}"].is-corrected`).waitFor();
    await done.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'mention-corrected.png') });
  });

  it('switches to English, edits a watch with live preview, and fits a phone', async () => {
    await page.goto(`${base}/#/watches`);
    await page.keyboard.press('l');
    await page.waitForSelector('text=Watches');
    await page.fill('input[name=query]', 'fakturan -appen');
    await page.waitForSelector('#preview-count');
    expect(await page.textContent('#preview-count')).toMatch(/^\d+ matches among \d+/);
    await page.screenshot({ path: join(OUT, 'watches-en.png'), fullPage: true });
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 5, y: 500 } });
    await page.keyboard.press('1');
    await page.waitForSelector('#stat-total');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(OUT, 'overview-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: join(OUT, 'overview-wall.png') });
  });

  it('raised no console errors and no CSP violations', () => {
    if (errors.length) console.error(errors);
    expect(errors).toEqual([]);
  });
});
