import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import type { MastodonInstance } from './mastodon.js';
import type { FeedSpec } from './rss.js';
import { connectorSettings as S, type ConnectorSettingValues } from './settings.js';

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

const bad = (name: string, expected: string, got?: string): VaktError =>
  new VaktError(
    'VAKT_CONFIG_INVALID',
    `${name}: expected ${expected}${got === undefined ? '' : `, got "${got.slice(0, 80)}"`}`,
    { context: { setting: name } },
  );

/**
 * A secret given directly (`name`) or in a file (`name`_FILE, for Docker/Kubernetes secrets). Both set is an error
 * (which one wins would be a guess). The value never appears in errors.
 */
function secret(
  name: string,
  direct: string | undefined,
  file: string | undefined,
  readFile: (p: string) => string,
): Result<string | undefined> {
  if (direct !== undefined && file !== undefined) return err(bad(name, `either ${name} or ${name}_FILE, not both`));
  if (file !== undefined) {
    try {
      return ok(readFile(file).trim());
    } catch (cause) {
      return err(
        new VaktError('VAKT_CONFIG_INVALID', `${name}_FILE: cannot read ${file}`, {
          cause,
          context: { setting: `${name}_FILE` },
        }),
      );
    }
  }
  return ok(direct === '' ? undefined : direct);
}

/** Splits a list setting; `comments` drops `#` lines (files only: in env, "#fkfail" is a hashtag). */
const list = (v: string | undefined, sep: RegExp = /[,\n]/, comments = false): string[] =>
  (v ?? '')
    .split(sep)
    .map((x) => x.trim())
    .filter((x) => x !== '' && !(comments && x.startsWith('#')));

function httpUrl(name: string, v: string, protocols: string[]): Result<string> {
  try {
    const u = new URL(v);
    if (!protocols.includes(u.protocol)) return err(bad(name, `a ${protocols.join(' or ')} URL`, v));
    return ok(v);
  } catch {
    return err(bad(name, `a ${protocols.join(' or ')} URL`, v));
  }
}

const ms = (seconds: number | undefined): number | undefined => (seconds === undefined ? undefined : seconds * 1000);

/**
 * Builds the connectors' configuration from the loaded `connectorSettings` values (see packages/connectors/README.md):
 * the checks across values that the loader cannot make. Fails on the first bad value, naming the setting and the
 * expected shape. Cursors default to `<dataDir>/cursors.json`. `readFile` is injected for tests.
 */
export function connectorsConfig(
  values: ConnectorSettingValues,
  dataDir: string,
  readFile: (p: string) => string = (p) => readFileSync(p, 'utf8'),
): Result<ConnectorsConfig> {
  const cfg: { -readonly [K in keyof ConnectorsConfig]: ConnectorsConfig[K] } = {
    cursorFile: values.cursorFile ?? join(dataDir, 'cursors.json'),
  };

  const js = values.jetstreamEnabled;
  if (js === 'true' || (js === undefined && values.jetstreamUrl)) {
    const url = values.jetstreamUrl;
    if (url !== undefined) {
      const u = httpUrl(S.jetstreamUrl.env, url, ['wss:', 'ws:']);
      if (!u.ok) return u;
    }
    const rewindMs = ms(values.jetstreamRewindS);
    cfg.jetstream = { ...(url ? { url } : {}), ...(rewindMs ? { rewindMs } : {}) };
  }

  const instances = list(values.mastodonInstances);
  if (instances.length > 0) {
    const tokens = secret(S.mastodonTokens.env, values.mastodonTokens, values.mastodonTokensFile, readFile);
    if (!tokens.ok) return tokens;
    let byHost: Record<string, string> = {};
    if (tokens.value) {
      try {
        byHost = JSON.parse(tokens.value) as Record<string, string>;
        if (typeof byHost !== 'object' || byHost === null || Object.values(byHost).some((t) => typeof t !== 'string'))
          throw new Error('shape');
      } catch {
        return err(bad(S.mastodonTokens.env, 'a JSON object {"mastodon.social": "<token>", …}'));
      }
    }
    const hashtags = list(values.mastodonHashtags).map((t) => t.replace(/^#/, ''));
    const pub = values.mastodonPublic;
    const out: MastodonInstance[] = [];
    for (const i of instances) {
      const u = httpUrl(S.mastodonInstances.env, i, ['https:', 'http:']);
      if (!u.ok) return u;
      const host = new URL(i).host;
      const token = byHost[host];
      out.push({
        url: i,
        ...(token ? { token } : {}),
        hashtags,
        public: pub === undefined ? hashtags.length === 0 : pub === 'true',
      });
    }
    cfg.mastodon = { instances: out };
  }

  const feedsFile = values.rssFeedsFile;
  let feedLines = list(values.rssFeeds);
  if (feedsFile) {
    try {
      feedLines = [...feedLines, ...list(readFile(feedsFile), /\n/, true)];
    } catch (cause) {
      return err(
        new VaktError('VAKT_CONFIG_INVALID', `${S.rssFeedsFile.env}: cannot read ${feedsFile}`, {
          cause,
          context: { setting: S.rssFeedsFile.env },
        }),
      );
    }
  }
  if (feedLines.length > 0) {
    const feeds: FeedSpec[] = [];
    for (const line of feedLines) {
      // "<url> [watch name]": the optional watch tags every item of a feed that is about one organisation.
      const [url, ...watch] = line.split(/\s+/);
      const u = httpUrl(S.rssFeeds.env, url!, ['https:', 'http:']);
      if (!u.ok) return u;
      feeds.push(watch.length ? { url: url!, watch: watch.join(' ') } : { url: url! });
    }
    const intervalMs = ms(values.rssIntervalS);
    cfg.rss = { feeds, ...(intervalMs ? { intervalMs } : {}) };
  }

  const clientId = values.redditClientId;
  if (clientId) {
    const sec = secret(S.redditClientSecret.env, values.redditClientSecret, values.redditClientSecretFile, readFile);
    if (!sec.ok) return sec;
    if (!sec.value)
      return err(
        bad(
          S.redditClientSecret.env,
          `the app secret (or ${S.redditClientSecretFile.env}) when ${S.redditClientId.env} is set`,
        ),
      );
    const userAgent = values.redditUserAgent;
    if (!userAgent || !/\(by \/u\/[\w-]+\)/.test(userAgent)) {
      return err(
        bad(S.redditUserAgent.env, '"<platform>:<app id>:<version> (by /u/<username>)" as Reddit requires', userAgent),
      );
    }
    const queries = list(values.redditQueries, /[;\n]/);
    const commentSubreddits = list(values.redditSubreddits).map((s) => s.replace(/^\/?r\//, ''));
    if (queries.length === 0 && commentSubreddits.length === 0)
      return err(bad(S.redditQueries.env, `at least one query (";"-separated) or ${S.redditSubreddits.env}`));
    const intervalMs = ms(values.redditIntervalS);
    cfg.reddit = {
      clientId,
      clientSecret: sec.value,
      userAgent,
      queries,
      commentSubreddits,
      ...(intervalMs ? { intervalMs } : {}),
    };
  }
  return ok(Object.freeze(cfg));
}
