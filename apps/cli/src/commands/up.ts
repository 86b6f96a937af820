import { resolve } from 'node:path';
import type { ConfigSpec } from '@vakt/config/spec';
import { onShutdownSignal } from '@vakt/pipeline/lifecycle';
import { loadCommandConfig, type CommandIo } from '@vakt/runtime/command';
import { connectorSettings } from '@vakt/connectors/settings';
import { commonSettings, httpSettings, modelSettings, privacySettings } from '@vakt/runtime/settings';
import { alerterSettings } from '@vakt/alerter';
import { dashboardSettings } from '@vakt/dashboard';
import { ingestApiSettings } from '@vakt/ingest';
import { startEmbedded } from '../embedded.js';

export const upSpec = {
  ...commonSettings,
  ...httpSettings,
  ...modelSettings,
  demo: {
    env: 'VAKT_DEMO',
    flag: '--demo',
    type: 'bool',
    default: true,
    description: 'Run the demo feed (fictional sv/en mentions with a negative storm); --no-demo to start empty.',
  },
  watchesFile: {
    env: 'VAKT_WATCHES_FILE',
    flag: '--watches-file',
    type: 'path',
    description: 'YAML/JSON file of watches (configuration as code).',
  },
  alertingFile: alerterSettings.alertingFile,
  webhookUrl: alerterSettings.webhookUrl,
  webhookSecret: alerterSettings.webhookSecret,
  webhookUnsigned: alerterSettings.webhookUnsigned,
  alertBucketSeconds: {
    ...alerterSettings.alertBucketSeconds,
    default: 0,
    min: 0,
    description: 'Width of the detector count buckets; 0 = the default (5 s with the demo feed, 60 s without).',
  },
  retentionDays: privacySettings.retentionDays,
  pseudonymiseAuthors: privacySettings.pseudonymiseAuthors,
  ...connectorSettings,
  ...ingestApiSettings,
  adminPassword: dashboardSettings.adminPassword,
  trustProxy: dashboardSettings.trustProxy,
} satisfies ConfigSpec;

/** `vakt up`: the embedded pipeline, what `npm start` runs. Runs until SIGINT/SIGTERM, then stops in order. */
export async function upCommand(io: CommandIo): Promise<number> {
  const { config } = loadCommandConfig(
    io,
    upSpec,
    'vakt up [options]',
    'Run the whole pipeline in one process: in-process bus, embedded ClickHouse (chdb), dashboard, demo feed and the configured source connectors.',
  );
  const app = await startEmbedded({
    port: config.port,
    host: config.host,
    dataDir: resolve(config.dataDir),
    ...(config.modelDir ? { modelDir: config.modelDir } : {}),
    demo: config.demo,
    watchesFile: config.watchesFile,
    logLevel: config.logLevel,
    webhookUrl: config.webhookUrl,
    webhookSecret: config.webhookSecret,
    webhookUnsigned: config.webhookUnsigned,
    alertingFile: config.alertingFile,
    ...(config.alertBucketSeconds > 0 ? { alertBucketSeconds: config.alertBucketSeconds } : {}),
    adminPassword: config.adminPassword,
    trustProxy: config.trustProxy,
    retentionDays: config.retentionDays,
    pseudonymiseAuthors: config.pseudonymiseAuthors,
    ingestApi: {
      apiTokens: config.apiTokens,
      maxBodyBytes: config.maxBodyBytes,
      maxMentionsPerRequest: config.maxMentionsPerRequest,
      bodyTimeoutMs: config.bodyTimeoutMs,
      allowedOrigins: config.allowedOrigins,
      rateLimitPerMinute: config.rateLimitPerMinute,
    },
    env: io.env,
    connectorSettings: config,
    announce: io.stderr,
  });
  io.stderr.write(
    [
      '',
      `  Vakt is running (embedded mode, data in ${resolve(config.dataDir)}).`,
      // Only a generated password, and only on the start that created it: afterwards only its hash exists.
      app.firstAdminPassword
        ? `  Dashboard:  ${app.dashboardUrl}   log in as admin / ${app.firstAdminPassword}   (shown once; change it after logging in)`
        : `  Dashboard:  ${app.dashboardUrl}   log in as admin`,
      `  Ingest API: ${app.ingestUrl}/v1/mentions${config.apiTokens.length ? '   (Authorization: Bearer <one of VAKT_INGEST_TOKENS>)' : ''}`,
      ...(app.connectors.length
        ? app.connectors.map((c) => `  Source:     ${c}`)
        : ['  Sources:    none (set --rss-feeds-file, --mastodon-instances, … or POST to the ingest API)']),
      config.demo
        ? '  Demo feed: a negative storm about "Trygghetskassan" starts in 25 s; watch for the alert.'
        : '  No demo feed (--no-demo).',
      '  Ctrl-C to stop.',
      '',
      '',
    ].join('\n'),
  );
  onShutdownSignal(() => app.stop(10_000), app.log);
  return new Promise<number>(() => undefined);
}
