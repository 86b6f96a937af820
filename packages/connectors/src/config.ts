import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import type { MastodonInstance } from './mastodon.js';
import type { FeedSpec } from './rss.js';

/** Everything `createConnectorsFromConfig` needs. A section that is absent is a connector that is off. */
export interface ConnectorsConfig {
  /** JSON file with every connector's cursor (created if missing). */
  readonly cursorFile: string;
  readonly jetstream?: { readonly url?: string; readonly rewindMs?: number };
  readonly mastodon?: { readonly instances: readonly MastodonInstance[] };
  readonly rss?: { readonly feeds: readonly FeedSpec[]; readonly intervalMs?: number };
  readonly reddit?: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly userAgent: string;
    readonly queries: readonly string[];
    readonly commentSubreddits: readonly string[];
    readonly intervalMs?: number;
  };
}

type Env = Readonly<Record<string, string | undefined>>;

const bad = (name: string, expected: string, got?: string): VaktError =>
  new VaktError('VAKT_CONFIG_INVALID', `${name}: expected ${expected}${got === undefined ? '' : `, got "${got.slice(0, 80)}"`}`, { context: { setting: name } });

/**
 * A secret from `NAME` or from the file named by `NAME_FILE` (Docker/Kubernetes secrets). Both set is an error
 * (which one wins would be a guess). The value never appears in errors.
 */
function secret(env: Env, name: string, readFile: (p: string) => string): Result<string | undefined> {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct !== undefined && file !== undefined) return err(bad(name, `either ${name} or ${name}_FILE, not both`));
  if (file !== undefined) {
    try {
      return ok(readFile(file).trim());
    } catch (cause) {
      return err(new VaktError('VAKT_CONFIG_INVALID', `${name}_FILE: cannot read ${file}`, { cause, context: { setting: `${name}_FILE` } }));
    }
  }
  return ok(direct === '' ? undefined : direct);
}

/** Splits a list setting; `comments` drops `#` lines (files only: in env, "#fkfail" is a hashtag). */
const list = (v: string | undefined, sep: RegExp = /[,\n]/, comments = false): string[] =>
  (v ?? '').split(sep).map((x) => x.trim()).filter((x) => x !== '' && !(comments && x.startsWith('#')));

function httpUrl(name: string, v: string, protocols: string[]): Result<string> {
  try {
    const u = new URL(v);
    if (!protocols.includes(u.protocol)) return err(bad(name, `a ${protocols.join(' or ')} URL`, v));
    return ok(v);
  } catch {
    return err(bad(name, `a ${protocols.join(' or ')} URL`, v));
  }
}

function seconds(env: Env, name: string): Result<number | undefined> {
  const v = env[name];
  if (v === undefined || v === '') return ok(undefined);
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 86_400 ? ok(n * 1000) : err(bad(name, 'whole seconds between 1 and 86400', v));
}

/**
 * Reads the connector settings from the environment (names in packages/connectors/README.md). Fails on the first
 * bad value, naming the variable and the expected shape. `readFile` is injected for tests.
 */
export function connectorsConfigFromEnv(env: Env = process.env, readFile: (p: string) => string = (p) => readFileSync(p, 'utf8')): Result<ConnectorsConfig> {
  const cfg: { -readonly [K in keyof ConnectorsConfig]: ConnectorsConfig[K] } = {
    cursorFile: env['VAKT_CURSOR_FILE'] ?? join(env['VAKT_DATA_DIR'] ?? './data', 'cursors.json'),
  };

  const js = env['VAKT_JETSTREAM_ENABLED'];
  if (js !== undefined && js !== 'true' && js !== 'false') return err(bad('VAKT_JETSTREAM_ENABLED', 'true or false', js));
  if (js === 'true' || (js === undefined && env['VAKT_JETSTREAM_URL'])) {
    const url = env['VAKT_JETSTREAM_URL'];
    if (url !== undefined) {
      const u = httpUrl('VAKT_JETSTREAM_URL', url, ['wss:', 'ws:']);
      if (!u.ok) return u;
    }
    const rw = seconds(env, 'VAKT_JETSTREAM_REWIND_S');
    if (!rw.ok) return rw;
    cfg.jetstream = { ...(url ? { url } : {}), ...(rw.value ? { rewindMs: rw.value } : {}) };
  }

  const instances = list(env['VAKT_MASTODON_INSTANCES']);
  if (instances.length > 0) {
    const tokens = secret(env, 'VAKT_MASTODON_TOKENS', readFile);
    if (!tokens.ok) return tokens;
    let byHost: Record<string, string> = {};
    if (tokens.value) {
      try {
        byHost = JSON.parse(tokens.value) as Record<string, string>;
        if (typeof byHost !== 'object' || byHost === null || Object.values(byHost).some((t) => typeof t !== 'string')) throw new Error('shape');
      } catch {
        return err(bad('VAKT_MASTODON_TOKENS', 'a JSON object {"mastodon.social": "<token>", …}'));
      }
    }
    const hashtags = list(env['VAKT_MASTODON_HASHTAGS']).map((t) => t.replace(/^#/, ''));
    const pub = env['VAKT_MASTODON_PUBLIC'];
    if (pub !== undefined && pub !== 'true' && pub !== 'false') return err(bad('VAKT_MASTODON_PUBLIC', 'true or false', pub));
    const out: MastodonInstance[] = [];
    for (const i of instances) {
      const u = httpUrl('VAKT_MASTODON_INSTANCES', i, ['https:', 'http:']);
      if (!u.ok) return u;
      const host = new URL(i).host;
      const token = byHost[host];
      out.push({ url: i, ...(token ? { token } : {}), hashtags, public: pub === undefined ? hashtags.length === 0 : pub === 'true' });
    }
    cfg.mastodon = { instances: out };
  }

  const feedsFile = env['VAKT_RSS_FEEDS_FILE'];
  let feedLines = list(env['VAKT_RSS_FEEDS']);
  if (feedsFile) {
    try {
      feedLines = [...feedLines, ...list(readFile(feedsFile), /\n/, true)];
    } catch (cause) {
      return err(new VaktError('VAKT_CONFIG_INVALID', `VAKT_RSS_FEEDS_FILE: cannot read ${feedsFile}`, { cause, context: { setting: 'VAKT_RSS_FEEDS_FILE' } }));
    }
  }
  if (feedLines.length > 0) {
    const feeds: FeedSpec[] = [];
    for (const line of feedLines) {
      // "<url> [watch name]": the optional watch tags every item of a feed that is about one organisation.
      const [url, ...watch] = line.split(/\s+/);
      const u = httpUrl('VAKT_RSS_FEEDS', url!, ['https:', 'http:']);
      if (!u.ok) return u;
      feeds.push(watch.length ? { url: url!, watch: watch.join(' ') } : { url: url! });
    }
    const iv = seconds(env, 'VAKT_RSS_INTERVAL_S');
    if (!iv.ok) return iv;
    cfg.rss = { feeds, ...(iv.value ? { intervalMs: iv.value } : {}) };
  }

  const clientId = env['VAKT_REDDIT_CLIENT_ID'];
  if (clientId) {
    const sec = secret(env, 'VAKT_REDDIT_CLIENT_SECRET', readFile);
    if (!sec.ok) return sec;
    if (!sec.value) return err(bad('VAKT_REDDIT_CLIENT_SECRET', 'the app secret (or VAKT_REDDIT_CLIENT_SECRET_FILE) when VAKT_REDDIT_CLIENT_ID is set'));
    const userAgent = env['VAKT_REDDIT_USER_AGENT'];
    if (!userAgent || !/\(by \/u\/[\w-]+\)/.test(userAgent)) {
      return err(bad('VAKT_REDDIT_USER_AGENT', '"<platform>:<app id>:<version> (by /u/<username>)" as Reddit requires', userAgent));
    }
    const queries = list(env['VAKT_REDDIT_QUERIES'], /[;\n]/);
    const commentSubreddits = list(env['VAKT_REDDIT_SUBREDDITS']).map((s) => s.replace(/^\/?r\//, ''));
    if (queries.length === 0 && commentSubreddits.length === 0) return err(bad('VAKT_REDDIT_QUERIES', 'at least one query (";"-separated) or VAKT_REDDIT_SUBREDDITS'));
    const iv = seconds(env, 'VAKT_REDDIT_INTERVAL_S');
    if (!iv.ok) return iv;
    cfg.reddit = { clientId, clientSecret: sec.value, userAgent, queries, commentSubreddits, ...(iv.value ? { intervalMs: iv.value } : {}) };
  }
  return ok(Object.freeze(cfg));
}
