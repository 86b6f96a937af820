import { composeSpec, type ConfigSpec } from '@vakt/config/spec';
import { clickhouseSettings, commonSettings, httpSettings, kafkaSettings } from '@vakt/runtime/settings';

export const alerterSettings = {
  alertingFile: {
    env: 'VAKT_ALERTING_FILE',
    flag: '--alerting-file',
    type: 'path',
    description:
      'JSON file of alert destinations (webhook, slack, teams, pagerduty, alertmanager) and routes per watch/severity.',
  },
  webhookUrl: {
    env: 'VAKT_WEBHOOK_URL',
    flag: '--webhook-url',
    type: 'url',
    description: 'A generic JSON webhook that receives every alert (in addition to the alerting file).',
  },
  webhookSecret: {
    env: 'VAKT_WEBHOOK_SECRET',
    flag: '--webhook-secret',
    type: 'secret',
    description:
      'Standard Webhooks signing secret for --webhook-url (base64, whsec_ prefix allowed). Required unless --webhook-unsigned.',
  },
  webhookUnsigned: {
    env: 'VAKT_WEBHOOK_UNSIGNED',
    flag: '--webhook-unsigned',
    type: 'bool',
    default: false,
    description:
      "Send to --webhook-url without a signature (its receiver cannot tell Vakt's alerts from anyone's); logged at start.",
  },
  dashboardUrl: {
    env: 'VAKT_DASHBOARD_URL',
    flag: '--dashboard-url',
    type: 'url',
    default: 'http://127.0.0.1:8080',
    description: 'Public dashboard URL; alerts link to it (generatorURL).',
  },
  alertBucketSeconds: {
    env: 'VAKT_ALERT_BUCKET_SECONDS',
    flag: '--alert-bucket-seconds',
    type: 'int',
    default: 60,
    min: 1,
    max: 3600,
    description: 'Width of the count buckets the spike detector watches.',
  },
  alerterApiToken: {
    env: 'VAKT_ALERTER_TOKEN',
    flag: '--alerter-token',
    type: 'secret',
    default: '',
    description:
      'Bearer token the dashboard uses for ack/silence/resolve on the alerter API; empty allows loopback callers only.',
  },
} satisfies ConfigSpec;

/** Everything `vakt service alerter` reads. */
export const alerterSpec = composeSpec(
  commonSettings,
  httpSettings,
  kafkaSettings,
  clickhouseSettings,
  alerterSettings,
);
