import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Alert } from '@vakt/schema/alert';
import { createDashboardApp, type DashboardApp } from '../../src/app.js';
import { createMemoryStore } from '../../src/memory/store.js';
import { createMemoryAlerts } from '../../src/memory/alerts.js';
import { createMemoryWatches } from '../../src/memory/watches.js';
import { createMemoryUserStore } from '../../src/auth/users.js';
import { createLocalFeed } from '../../src/memory/feed.js';
import { demoScoredMention as demoMention } from '@vakt/demo/scored';
import { rng } from '@vakt/random/mulberry32';
import { hashPassword } from '../../src/auth/password.js';
import { captureLog, PASSWORD } from '../helpers.js';

// Issue 17 item 7: the Swedish dashboard must read in Swedish at a glance. Real headless Chromium (Debian's) against
// the real server and the built web app; screenshots go to test-output/ for a person to look at.
const OUT = join(import.meta.dirname, '..', '..', 'test-output');
const CHROMIUM = '/usr/bin/chromium';
/** English (or raw identifiers) that the issue found inside the Swedish UI. */
const ENGLISH =
  /Surging terms|negative mentions|negative share|\bfired\b|\bexpected\b|reach_negativity|negative_count|negative_share|Negative share surged|\bper 5s\b/i;
const SV_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** An alert as the alerter sends it: both languages in the annotations (`summary_sv`, `description_en`, …). */
function alerterAlert(at: number): Alert {
  const iso = new Date(at).toISOString();
  return {
    schemaVersion: 1,
    fingerprint: 'fp-trygg',
    status: 'firing',
    startsAt: iso,
    updatedAt: iso,
    labels: {
      alertname: 'VaktNegativeStorm',
      watch: 'trygg',
      series: 'reach_negativity',
      window: '5s',
      severity: 'critical',
    },
    annotations: {
      summary: 'trygg: reach-weighted negativity 74 per 5 s vs 13 expected (×5.7)',
      summary_sv: 'trygg: räckviddsviktad negativitet 74 per 5 s mot 13 väntat (×5,7) <b>fet</b>',
      summary_en: 'trygg: reach-weighted negativity 74 per 5 s vs 13 expected (×5.7) <b>bold</b>',
      description_sv:
        'Varför (serie reach_negativity): räckviddsviktad negativitet 74 per 5 s mot 13 väntat (×5,7).\nStöd: 61 negativa omnämnanden över baslinjen.',
      description_en:
        'Why (series reach_negativity): reach-weighted negativity 74 per 5 s vs 13 expected (×5.7).\nSupport: 61 negative mentions above the baseline.',
    },
    evidence: {
      window: '5s',
      observed: 74,
      expected: 13,
      score: 0.99,
      topMentions: [],
      surgingTerms: [
        { term: 'trygghetskassan', weight: 4081.8 },
        { term: 'hos', weight: 40 },
        { term: 'fakturastrul', weight: 12.5 },
        { term: '<img src=x onerror="window.__pwned=1">', weight: 3 },
      ],
    },
    generatorURL: '/?watch=trygg',
  };
}

/** An alert stored before the alerter wrote both languages: English summary only. */
function oldAlert(at: number): Alert {
  const iso = new Date(at).toISOString();
  return {
    schemaVersion: 1,
    fingerprint: 'fp-kassan',
    status: 'firing',
    startsAt: iso,
    updatedAt: iso,
    labels: {
      alertname: 'NegativeShareSurge',
      watch: 'kassan',
      series: 'negative_share',
      window: '5m',
      severity: 'warning',
    },
    annotations: { summary: 'Negative share surged for kassan' },
    evidence: { window: '5m', observed: 0.64, expected: 0.21, score: 0.97, topMentions: [], surgingTerms: [] },
    generatorURL: '/?watch=kassan',
  };
}

describe('issue 17 item 7: the Swedish dashboard in headless Chromium', { timeout: 60_000 }, () => {
  let app: DashboardApp;
  let base: string;
  let ctx: BrowserContext;
  let page: Page;
  let profile: string;
  const feed = createLocalFeed();
  const store = createMemoryStore();
  const errors: string[] = [];
  const r = rng(17);

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
    const webDir = dirname(createRequire(import.meta.url).resolve('@vakt/web/package.json'));
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: webDir, stdio: 'inherit' });
    mkdirSync(OUT, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const now = () => Date.now();
    const alerts = createMemoryAlerts(now);
    // Data only in the last 15 minutes: the chart must fit it, not sit in the right edge of a two-hour span.
    const t0 = Date.now();
    for (let i = 0; i < 200; i++) store.add(demoMention('kassan', t0 - r() * 15 * 60_000, r));
    const storm = [
      'Trygghetskassan har fakturastrul igen, hos dem idag',
      'fakturastrul hos Trygghetskassan idag igen',
      'Nils Öberg svarar inte om fakturastrul hos Trygghetskassan idag',
    ];
    for (let i = 0; i < 60; i++) {
      const m = demoMention('trygg', t0 - r() * 15 * 60_000, r);
      store.add({ ...m, text: storm[i % 3]!, sentiment: { ...m.sentiment, label: 'negative', explanation: [] } });
    }
    const users = createMemoryUserStore();
    await users.createUser({ username: 'admin', role: 'admin', passwordHash: await hashPassword(PASSWORD) }, now());
    const stamp = {
      retentionDays: 365,
      updatedAt: new Date().toISOString(),
      updatedBy: 'seed',
      owners: ['kommunikation'],
      routes: [],
    };
    const watches = createMemoryWatches(now, [
      { id: 'kassan', name: 'Kassan', query: 'kassan OR fakturan OR appen', entities: [], ...stamp },
      {
        id: 'trygg',
        name: 'Trygghetskassan',
        query: 'trygghetskassan',
        entities: [{ name: 'Nils Öberg', kind: 'person', query: '"nils öberg"' }],
        ...stamp,
      },
    ]);
    alerts.record(alerterAlert(t0 - 5 * 60_000));
    alerts.record(oldAlert(t0 - 8 * 60_000));
    app = createDashboardApp(
      { store, live: feed, users, alerts, watches, now, log: captureLog() },
      {
        publicUrl: base,
        sessionSecret: 'c'.repeat(32),
        webRoot: join(webDir, 'dist'),
        batchIntervalMs: 250,
        listen: { port, host: '127.0.0.1' },
      },
    );
    await app.start();
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
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    await page.goto(`${base}/login`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/`);
  }, 120_000);

  afterAll(async () => {
    await ctx?.close();
    await app?.stop(2000);
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  // textContent, not innerText: CSS upper-cases severities, and the assertions are about the words, not the styling.
  const text = async (sel = 'body'): Promise<string> =>
    ((await page.locator(sel).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

  it('a banner names every firing alert and its watch, in Swedish, on every page', async () => {
    for (const view of ['overview', 'mentions', 'alerts', 'watches']) {
      await page.goto(`${base}/?watch=kassan#/${view}`);
      const banner = page.locator('#alert-banner');
      await banner.locator('[data-fp="fp-trygg"]').waitFor();
      const shown = await text('#alert-banner');
      expect(shown).toContain('Aktiva larm (2)');
      // the other watch's alert is there although "Kassan" is the chosen watch
      expect(shown).toContain('Trygghetskassan: räckviddsviktad negativitet 74 per 5 s mot 13 väntat');
      expect(shown).toContain('Kassan: andel negativa 64 % per 5 min mot 21 % vanligen');
      expect(shown).toMatch(/Kritiskt.*Varning/);
      expect(shown).not.toMatch(ENGLISH);
    }
    await page.goto(`${base}/?watch=kassan#/watches`);
    await page.locator('#alert-banner [data-fp]').first().waitFor();
    await page.screenshot({ path: join(OUT, 'issue-17-banner-watches.png') });
  });

  it("the Larm page lists every watch's alerts and filters by watch and status", async () => {
    await page.goto(`${base}/?watch=kassan#/alerts`);
    await page.locator('main li[data-fp="fp-trygg"]').waitFor();
    expect(await page.locator('main li[data-fp]').count()).toBe(2);
    await page.selectOption('#alerts-watch', 'trygg');
    await page.waitForFunction(() => document.querySelectorAll('main li[data-fp]').length === 1);
    expect(await page.locator('main li[data-fp]').getAttribute('data-fp')).toBe('fp-trygg');
    await page.selectOption('#alerts-watch', '');
    await page.selectOption('#alerts-status', 'resolved');
    await page.waitForFunction(() => document.querySelectorAll('main li[data-fp]').length === 0);
    await page.selectOption('#alerts-status', '');
    await page.waitForFunction(() => document.querySelectorAll('main li[data-fp]').length === 2);
    expect(await text('main')).not.toMatch(ENGLISH);
    for (const t of await page.locator('main .alerts .muted').allInnerTexts())
      expect(t.split(' · ')[1]).toMatch(SV_TIME);
    await page.screenshot({ path: join(OUT, 'issue-17-alerts-sv.png') });
  });

  it("an alert reads in Swedish: title, series, evidence, terms without the watch's name, history; user text stays text", async () => {
    await page.goto(`${base}/#/alerts/fp-trygg`);
    await page.locator('#alert-state').waitFor();
    await page.locator('.history li').first().waitFor();
    const body = await text('main');
    expect(await text('main h1')).toBe(
      'Kritiskt Trygghetskassan: räckviddsviktad negativitet 74 per 5 s mot 13 väntat (×5,7) <b>fet</b>',
    );
    expect(body).toContain('Varför (serie räckviddsviktad negativitet)');
    expect(body).toContain('Larmet utlöstes');
    expect(body).not.toMatch(ENGLISH);
    const terms = await page.locator('main .terms li bdi').allInnerTexts();
    expect(terms).toEqual(['fakturastrul', '<img src=x onerror="window.__pwned=1">']);
    expect(await page.locator('main b, main img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    for (const t of await page.locator('main time, .facts dd:nth-of-type(3)').allInnerTexts())
      expect(t).toMatch(SV_TIME);
    await page.screenshot({ path: join(OUT, 'issue-17-alert-sv.png'), fullPage: true });
    // The English UI uses the alerter's English text: the same alert, in the other language.
    await page.keyboard.press('l');
    await page.waitForFunction(() =>
      document.querySelector('main h1')?.textContent?.includes('reach-weighted negativity'),
    );
    expect(await text('main h1')).toBe(
      'Critical Trygghetskassan: reach-weighted negativity 74 per 5 s vs 13 expected (×5.7) <b>bold</b>',
    );
    expect(await text('main time')).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/);
    await page.screenshot({ path: join(OUT, 'issue-17-alert-en.png'), fullPage: true });
    await page.keyboard.press('l');
  });

  it("the overview: terms without the watch's name or stop words, a chart fitted to the data with a share axis, labelled numbers", async () => {
    await page.goto(`${base}/?watch=trygg#/overview`);
    await page.locator('main .terms li bdi').first().waitFor();
    const terms = await page.locator('main .terms li bdi').allInnerTexts();
    expect(terms).toContain('fakturastrul');
    for (const bad of ['trygghetskassan', 'hos', 'idag', 'igen', 'nils', 'öberg']) expect(terms).not.toContain(bad);
    await page.locator('svg.chart rect.bar').first().waitFor({ state: 'attached' });
    // 15 minutes of data fill the chart: the first bar sits in the left quarter, not squeezed at the right edge.
    const chart = await page.locator('svg.chart').boundingBox();
    const firstBar = await page.locator('svg.chart rect.bar').first().boundingBox();
    expect((firstBar!.x - chart!.x) / chart!.width).toBeLessThan(0.25);
    expect(await page.locator('svg.chart text.share-tick').allTextContents()).toEqual([
      '0\u00a0%',
      '50\u00a0%',
      '100\u00a0%',
    ]);
    expect(await page.locator('svg.chart text.title').allTextContents()).toEqual([
      'Omnämnanden per minut',
      'Andel negativa',
    ]);
    // every breakdown figure says what it counts
    for (const n of await page.locator('main .bd .num').allInnerTexts())
      expect(n).toMatch(/^[\d\u00a0 ]+ omnämnanden · \d+\u00a0% negativa$/);
    expect(await text('main')).not.toMatch(ENGLISH);
    await page.screenshot({ path: join(OUT, 'issue-17-overview-sv.png'), fullPage: true });
  });

  it('raised no console errors', () => {
    if (errors.length) console.error(errors);
    expect(errors).toEqual([]);
  });
});
