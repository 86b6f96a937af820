import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createStoreClient, type StoreClient } from '@vakt/store/client';
import { insertMentions } from '@vakt/store/tables/mentions';
import { insertAlerts } from '@vakt/store/tables/alerts';
import { startClickHouseServer, type ClickHouseServer } from '@vakt/test-fixtures/clickhouse';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import type { Alert } from '@vakt/schema/alert';
import { collectQueries, expandGrafanaSql, loadDashboards, type ExpandContext } from './grafana-sql.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dashboards = loadDashboards(join(ROOT, 'dashboards'));
const queries = dashboards.flatMap((d) => collectQueries(d.file, d.json));

const FROM = Date.parse('2026-11-23T09:00:00Z');
const TO = Date.parse('2026-11-23T12:00:00Z');
const ctxFor = (watch: string, intervalSeconds = 3600): ExpandContext => ({
  from: FROM,
  to: TO,
  intervalSeconds,
  vars: { watch, datasource: 'vakt-clickhouse' },
});

let seq = 0;
function mention(
  watch: string,
  at: string,
  label: 'negative' | 'neutral' | 'positive',
  o: {
    source?: string;
    lang?: 'sv' | 'en';
    entities?: string[];
    author?: string;
    followers?: number;
    id?: string;
  } = {},
): ScoredMention {
  seq += 1;
  const score = label === 'negative' ? -0.7 : label === 'positive' ? 0.6 : 0;
  return {
    schemaVersion: 1,
    id: o.id ?? `m${seq}`,
    source: o.source ?? 'x',
    text: `<script>alert(1)</script> '); DROP TABLE vakt.mentions; -- ${seq}`,
    created_at: at,
    ingested_at: at,
    url: `https://example.test/${seq}`,
    author: { id: `id-${o.author ?? 'anna'}`, handle: o.author ?? 'anna', followers: o.followers ?? 100 },
    engagement: { reposts: 0, replies: 0, likes: 0, quotes: 0 },
    matches: [{ watch, entities: o.entities ?? [] }],
    sentiment: {
      label,
      score,
      confidence: 0.8,
      lang: o.lang ?? 'sv',
      p_neg: label === 'negative' ? 0.8 : 0.1,
      p_neu: label === 'neutral' ? 0.8 : 0.1,
      p_pos: label === 'positive' ? 0.8 : 0.1,
      model: 'lexicon-only',
      disagreement: false,
      explanation: [],
    },
    scored_at: at,
  };
}

function alert(watch: string, fingerprint: string, status: 'firing' | 'resolved', startsAt: string): Alert {
  return {
    schemaVersion: 1,
    fingerprint,
    status,
    startsAt,
    updatedAt: startsAt,
    ...(status === 'resolved' ? { endsAt: '2026-11-23T11:00:00.000Z' } : {}),
    labels: { alertname: 'NegativeSpike', watch, series: 'negative_share', window: '5m', severity: 'critical' },
    annotations: { summary: `Negative share surged on ${watch}` },
    evidence: { window: '5m', observed: 0.6, expected: 0.2, score: 0.9, topMentions: [], surgingTerms: [] },
    generatorURL: `http://127.0.0.1:8080/#/alerts/${fingerprint}`,
  };
}

/** The data every panel is checked against: watch `kassan` in the range, plus noise that must not show. */
async function seed(store: StoreClient, watch: string): Promise<void> {
  const rows = [
    mention(watch, '2026-11-23T10:05:00.000Z', 'negative', {
      id: `${watch}-n1`,
      entities: ['faktura'],
      author: 'anna',
      followers: 100,
    }),
    mention(watch, '2026-11-23T10:06:00.000Z', 'negative', {
      entities: ['faktura', 'appen'],
      author: 'bo',
      followers: 5000,
    }),
    mention(watch, '2026-11-23T10:07:00.000Z', 'negative', {
      source: 'reddit',
      lang: 'en',
      author: 'anna',
      followers: 100,
    }),
    mention(watch, '2026-11-23T10:20:00.000Z', 'positive', { entities: ['appen'] }),
    mention(watch, '2026-11-23T10:21:00.000Z', 'neutral', { source: 'reddit' }),
    mention(watch, '2026-11-23T08:00:00.000Z', 'negative'), // before the range
    mention(`${watch}-other`, '2026-11-23T10:05:00.000Z', 'negative'), // another watch
  ];
  expect((await insertMentions(store)(rows)).ok).toBe(true);
  // A replayed mention must not be counted twice by any panel.
  expect((await insertMentions(store)([rows[0]!])).ok).toBe(true);
  expect(
    (
      await insertAlerts(store)([
        alert(watch, `fp-${watch}-1`, 'firing', '2026-11-23T10:08:00.000Z'),
        alert(watch, `fp-${watch}-2`, 'resolved', '2026-11-23T09:30:00.000Z'),
      ])
    ).ok,
  ).toBe(true);
}

const run = async (store: StoreClient, sql: string) => {
  const rs = await store.ch.query({ query: sql, format: 'JSONEachRow' });
  // 64-bit integers arrive quoted in JSON; compare numbers as numbers.
  return (await rs.json<Record<string, unknown>>()).map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v]),
    ),
  );
};

const panelSql = (where: string, watch: string, interval?: number) => {
  const q = queries.find((x) => x.where === where);
  if (!q) throw new Error(`no panel or query named ${where}`);
  return expandGrafanaSql(q.sql, ctxFor(watch, interval));
};

// What each panel must show for the seeded data, at a one-hour interval. Keyed by title: a renamed or removed panel
// fails here, and a new panel fails the "every query has an expectation" test until it is given one.
const EXPECTED: Record<string, (rows: Record<string, unknown>[]) => void> = {
  Mentions: (r) => expect(r).toEqual([{ mentions: 5 }]),
  'Negative share': (r) => expect(r).toEqual([{ negative_share: 0.6 }]),
  'Net sentiment': (r) => expect(r).toEqual([{ net_sentiment: -40 }]),
  'Firing alerts': (r) => expect(r).toEqual([{ firing: 1 }]),
  'Volume by label': (r) =>
    expect(r).toEqual([
      { time: '2026-11-23 10:00:00', label: 'negative', mentions: 3 },
      { time: '2026-11-23 10:00:00', label: 'neutral', mentions: 1 },
      { time: '2026-11-23 10:00:00', label: 'positive', mentions: 1 },
    ]),
  'Negative share over time': (r) => expect(r).toEqual([{ time: '2026-11-23 10:00:00', negative_share: 0.6 }]),
  'By source': (r) =>
    expect(r).toEqual([
      { source: 'x', mentions: 3, negative: 2 },
      { source: 'reddit', mentions: 2, negative: 1 },
    ]),
  'By language': (r) =>
    expect(r).toEqual([
      { lang: 'sv', mentions: 4, negative: 2 },
      { lang: 'en', mentions: 1, negative: 1 },
    ]),
  'By sub-entity (services, touchpoints, people)': (r) =>
    expect(r).toEqual([
      { entity: 'faktura', mentions: 2, negative: 2, negative_share: 1 },
      { entity: 'appen', mentions: 2, negative: 1, negative_share: 0.5 },
    ]),
  'Latest negative mentions': (r) => {
    expect(r.map((x) => x['time'])).toEqual(['2026-11-23 10:07:00', '2026-11-23 10:06:00', '2026-11-23 10:05:00']);
    expect(r[0]).toMatchObject({ source: 'reddit', author: 'anna', lang: 'en', score: -0.7 });
    // Text comes back byte for byte; Grafana renders it as text.
    expect(String(r[0]!['text'])).toContain('<script>alert(1)</script>');
  },
  'Top authors among negative mentions': (r) =>
    expect(r).toEqual([
      { author: 'bo', followers: 5000, mentions: 1, total_reach: 5000, avg_score: -0.7 },
      { author: 'anna', followers: 100, mentions: 2, total_reach: 200, avg_score: -0.7 },
    ]),
  Alerts: (r) =>
    expect(r).toMatchObject([
      {
        starts_at: '2026-11-23 10:08:00',
        status: 'firing',
        severity: 'critical',
        series: 'negative_share',
        summary: expect.stringContaining('Negative share surged'),
        ends_at: null,
      },
      { starts_at: '2026-11-23 09:30:00', status: 'resolved', ends_at: '2026-11-23 11:00:00' },
    ]),
  'annotation:Vakt alerts': (r) =>
    expect(r.map((x) => x['text'])).toEqual([
      expect.stringMatching(/^critical: Negative share surged/),
      expect.stringMatching(/^critical: /),
    ]),
};

describe('dashboard files', () => {
  it('are found, and every query of every dashboard has an expectation here', () => {
    expect(dashboards.map((d) => d.file)).toEqual(['vakt-watch-overview.json']);
    const named = queries.filter((q) => q.kind !== 'variable').map((q) => q.where);
    expect(named.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('use the ClickHouse plugin through the `datasource` variable, with a `watch` variable', () => {
    const d = dashboards[0]!.json as unknown as {
      panels: { datasource: unknown; targets: { datasource: unknown; editorType: string; rawSql: string }[] }[];
      templating: { list: { name: string; type: string }[] };
    };
    for (const p of d.panels) {
      for (const t of p.targets) {
        expect(t.datasource).toEqual({ type: 'grafana-clickhouse-datasource', uid: '${datasource}' });
        expect(t.editorType).toBe('sql');
        // Every panel is per watch; the watch is quoted by Grafana's singlequote format, never spliced bare.
        expect(t.rawSql).toContain('watch = ${watch:singlequote}');
      }
    }
    expect(d.templating.list.map((v) => [v.name, v.type])).toEqual([
      ['datasource', 'datasource'],
      ['watch', 'query'],
    ]);
  });

  it('provision the data source as the read-only vakt_analyst user', () => {
    const ds = parse(readFileSync(join(ROOT, 'provisioning/datasources/vakt-clickhouse.yaml'), 'utf8')) as {
      datasources: {
        uid: string;
        type: string;
        jsonData: Record<string, unknown>;
        secureJsonData: Record<string, unknown>;
      }[];
    };
    expect(ds.datasources).toHaveLength(1);
    expect(ds.datasources[0]).toMatchObject({
      uid: 'vakt-clickhouse',
      type: 'grafana-clickhouse-datasource',
      jsonData: { username: 'vakt_analyst', defaultDatabase: 'vakt', protocol: 'http', port: 8123 },
    });
    expect(ds.datasources[0]!.secureJsonData['password']).toBe('${VAKT_ANALYST_PASSWORD}'); // never a literal secret
    const dash = parse(readFileSync(join(ROOT, 'provisioning/dashboards/vakt.yaml'), 'utf8')) as {
      providers: { type: string; options: { path: string } }[];
    };
    expect(dash.providers[0]).toMatchObject({ type: 'file' });
  });
});

describe('expandGrafanaSql', () => {
  const c = ctxFor("o'brien", 120);
  it.each([
    // Each row: input → what the plugin/Grafana would send.
    ['$__timeFilter(minute)', `minute >= toDateTime(${FROM / 1000}) AND minute <= toDateTime(${TO / 1000})`],
    ['$__fromTime', `toDateTime(${FROM / 1000})`],
    ['greatest($__interval_s, 60)', 'greatest(120, 60)'],
    ['watch = ${watch:singlequote}', "watch = 'o\\'brien'"],
    ['watch = ${watch:sqlstring}', "watch = 'o''brien'"],
    ['x = $watch', "x = o'brien"],
  ])('%s', (input, out) => expect(expandGrafanaSql(input, c)).toBe(out));

  it.each([['$__unknownMacro(x)'], ['$__nope'], ['${other}'], ['${watch:csv}']])('refuses %s', (input) => {
    expect(() => expandGrafanaSql(input, c)).toThrow(/unknown|unsupported/);
  });
});

describe.each(['chdb', 'server'] as const)('every panel runs on the schema [%s]', (engine) => {
  let store: StoreClient;
  /** Grafana's connection: on the server, the read-only analyst user (as provisioned); chdb has one in-process user. */
  let reader: StoreClient;
  let server: ClickHouseServer | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    if (engine === 'chdb') {
      dataDir = mkdtempSync(join(tmpdir(), 'vakt-grafana-'));
      store = await createStoreClient({ mode: 'embedded', dataDir });
      reader = store;
    } else {
      server = await startClickHouseServer();
      store = await createStoreClient({ mode: 'server', url: server.url });
      reader = await createStoreClient({
        mode: 'server',
        url: server.url,
        username: server.analyst.username,
        password: server.analyst.password,
        migrate: false,
      });
    }
    await seed(store, 'kassan');
    await seed(store, "o'brien");
  }, 120_000);
  afterAll(async () => {
    if (reader !== store) await reader?.close();
    await store?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it.each(Object.keys(EXPECTED))('%s', async (where) => {
    EXPECTED[where]!(await run(reader, panelSql(where, 'kassan')));
  });

  it('the watch variable lists the watches', async () => {
    const rows = await run(reader, panelSql('variable:watch', 'kassan'));
    expect(rows.map((r) => r['watch'])).toEqual(expect.arrayContaining(['kassan', 'kassan-other', "o'brien"]));
  });

  it('a watch name with a quote is a value, not SQL', async () => {
    EXPECTED['Mentions']!(await run(reader, panelSql('Mentions', "o'brien")));
    EXPECTED['By sub-entity (services, touchpoints, people)']!(
      await run(reader, panelSql('By sub-entity (services, touchpoints, people)', "o'brien")),
    );
  });

  it('buckets follow the interval, never finer than the rollup minute', async () => {
    const fine = await run(reader, panelSql('Volume by label', 'kassan', 1));
    expect(fine.filter((r) => r['label'] === 'negative').map((r) => r['time'])).toEqual([
      '2026-11-23 10:05:00',
      '2026-11-23 10:06:00',
      '2026-11-23 10:07:00',
    ]);
    const tenMinutes = await run(reader, panelSql('Volume by label', 'kassan', 600));
    expect(tenMinutes).toEqual([
      { time: '2026-11-23 10:00:00', label: 'negative', mentions: 3 },
      { time: '2026-11-23 10:20:00', label: 'neutral', mentions: 1 },
      { time: '2026-11-23 10:20:00', label: 'positive', mentions: 1 },
    ]);
  });
});
