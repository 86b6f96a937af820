/**
 * Reads Vakt's Grafana dashboards and expands their SQL the way Grafana and the ClickHouse data source plugin
 * (`grafana-clickhouse-datasource` v4) do before a query reaches ClickHouse, so a test can run every panel against
 * a real engine and the dashboards cannot drift from the schema in `@vakt/store`.
 *
 * Macro expansions follow the plugin's `pkg/macros/macros.go`: `$__timeFilter(col)` is
 * `col >= toDateTime(<from s>) AND col <= toDateTime(<to s>)`, `$__fromTime`/`$__toTime` are `toDateTime(<s>)`,
 * `$__interval_s` is Grafana's interval in whole seconds (at least 1). Variable formats follow Grafana's
 * `${name:singlequote}` (wrap in ', escape ' as \') and `${name:sqlstring}` (escape ' as '').
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One SQL text found in a dashboard: a panel target, a template variable's query, or an annotation query. */
export interface DashboardQuery {
  dashboard: string;
  /** Panel title, `variable:<name>` or `annotation:<name>`. */
  where: string;
  /** The panel type (timeseries, table, …), `variable` or `annotation`. */
  kind: string;
  sql: string;
}

export interface ExpandContext {
  /** Time range, ms since epoch. */
  from: number;
  to: number;
  /** Grafana's computed interval for the panel, seconds. */
  intervalSeconds: number;
  /** Template variable values (single-valued). */
  vars: Record<string, string>;
}

interface Target {
  rawSql?: unknown;
}
interface Panel {
  title?: string;
  type?: string;
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  title?: string;
  panels?: Panel[];
  templating?: { list?: { name: string; type: string; query?: unknown }[] };
  annotations?: { list?: { name: string; target?: Target }[] };
}

/** Every `*.json` dashboard in `dir`, parsed. Throws with the file name when one is not valid JSON. */
export function loadDashboards(dir: string): { file: string; json: Dashboard }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      try {
        return { file, json: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dashboard };
      } catch (e) {
        throw new Error(`${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
      }
    });
}

/** All SQL of one dashboard: panel targets (rows' nested panels too), query variables and annotation queries. */
export function collectQueries(name: string, d: Dashboard): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  const visit = (panels: Panel[] | undefined): void => {
    for (const p of panels ?? []) {
      for (const t of p.targets ?? []) {
        if (typeof t.rawSql === 'string')
          out.push({ dashboard: name, where: p.title ?? '(untitled)', kind: p.type ?? 'panel', sql: t.rawSql });
      }
      visit(p.panels);
    }
  };
  visit(d.panels);
  for (const v of d.templating?.list ?? []) {
    if (v.type === 'query' && typeof v.query === 'string')
      out.push({ dashboard: name, where: `variable:${v.name}`, kind: 'variable', sql: v.query });
  }
  for (const a of d.annotations?.list ?? []) {
    if (typeof a.target?.rawSql === 'string')
      out.push({ dashboard: name, where: `annotation:${a.name}`, kind: 'annotation', sql: a.target.rawSql });
  }
  return out;
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

const MACROS_WITH_ARGS: Record<string, (args: string[], c: ExpandContext) => string> = {
  timeFilter: ([col], c) => `${col} >= toDateTime(${seconds(c.from)}) AND ${col} <= toDateTime(${seconds(c.to)})`,
  dateFilter: ([col], c) =>
    `${col} >= toDate('${new Date(c.from).toISOString().slice(0, 10)}') AND ${col} <= toDate('${new Date(c.to).toISOString().slice(0, 10)}')`,
  timeInterval: ([col], c) =>
    `toStartOfInterval(toDateTime(${col}), INTERVAL ${Math.max(1, Math.floor(c.intervalSeconds))} second)`,
};
const MACROS: Record<string, (c: ExpandContext) => string> = {
  fromTime: (c) => `toDateTime(${seconds(c.from)})`,
  toTime: (c) => `toDateTime(${seconds(c.to)})`,
  interval_s: (c) => String(Math.max(1, Math.floor(c.intervalSeconds))),
};

/**
 * Expands macros and variables. Throws naming the token when the SQL uses a macro, variable or format this
 * expander does not know, so a new dashboard feature cannot slip past the test unexpanded.
 */
export function expandGrafanaSql(sql: string, c: ExpandContext): string {
  let s = sql.replace(/\$__(\w+)\(([^)]*)\)/g, (m, name: string, args: string) => {
    const f = MACROS_WITH_ARGS[name];
    if (!f) throw new Error(`unknown macro ${m}`);
    return f(
      args.split(',').map((a) => a.trim()),
      c,
    );
  });
  s = s.replace(/\$__(\w+)/g, (m, name: string) => {
    const f = MACROS[name];
    if (!f) throw new Error(`unknown macro ${m}`);
    return f(c);
  });
  s = s.replace(
    /\$\{(\w+)(?::(\w+))?\}|\$(\w+)/g,
    (m, braced: string | undefined, format: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const value = c.vars[name];
      if (value === undefined) throw new Error(`unknown variable ${m}`);
      switch (format) {
        case undefined:
          return value;
        case 'singlequote':
          return `'${value.replace(/'/g, "\\'")}'`;
        case 'sqlstring':
          return `'${value.replace(/'/g, "''")}'`;
        default:
          throw new Error(`unsupported variable format ${m}`);
      }
    },
  );
  return s;
}
