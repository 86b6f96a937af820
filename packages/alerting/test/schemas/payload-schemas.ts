/**
 * JSON Schemas of the receivers' documented payloads, written from their docs (links per schema). Strict where the
 * docs are (additionalProperties: false), so a misspelt field fails the test rather than being silently ignored.
 */
const str = { type: 'string' };
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };

/** https://api.slack.com/messaging/webhooks + https://api.slack.com/reference/block-kit/blocks (limits included). */
const plainText = (max: number) => ({
  type: 'object',
  required: ['type', 'text'],
  additionalProperties: false,
  properties: {
    type: { const: 'plain_text' },
    text: { type: 'string', minLength: 1, maxLength: max },
    emoji: { type: 'boolean' },
  },
});
const mrkdwn = (max: number) => ({
  type: 'object',
  required: ['type', 'text'],
  additionalProperties: false,
  properties: {
    type: { const: 'mrkdwn' },
    text: { type: 'string', minLength: 1, maxLength: max },
    verbatim: { type: 'boolean' },
  },
});
export const slackWebhook = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: {
    text: str,
    blocks: {
      type: 'array',
      maxItems: 50,
      items: {
        oneOf: [
          {
            type: 'object',
            required: ['type', 'text'],
            additionalProperties: false,
            properties: { type: { const: 'header' }, text: plainText(150), block_id: str },
          },
          {
            type: 'object',
            required: ['type'],
            additionalProperties: false,
            properties: {
              type: { const: 'section' },
              text: { oneOf: [mrkdwn(3000), plainText(3000)] },
              fields: { type: 'array', maxItems: 10, items: { oneOf: [mrkdwn(2000), plainText(2000)] } },
              block_id: str,
            },
          },
          {
            type: 'object',
            required: ['type', 'elements'],
            additionalProperties: false,
            properties: {
              type: { const: 'context' },
              elements: { type: 'array', minItems: 1, maxItems: 10, items: { oneOf: [mrkdwn(3000), plainText(3000)] } },
              block_id: str,
            },
          },
          {
            type: 'object',
            required: ['type', 'elements'],
            additionalProperties: false,
            properties: {
              type: { const: 'actions' },
              block_id: str,
              elements: {
                type: 'array',
                minItems: 1,
                maxItems: 25,
                items: {
                  type: 'object',
                  required: ['type', 'text'],
                  additionalProperties: false,
                  properties: {
                    type: { const: 'button' },
                    text: plainText(75),
                    url: { type: 'string', maxLength: 3000 },
                    action_id: str,
                    value: str,
                    style: { enum: ['primary', 'danger'] },
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
};

/** Teams Workflows webhook: a message with an Adaptive Card attachment (https://adaptivecards.io/explorer/). */
const textBlock = {
  type: 'object',
  required: ['type', 'text'],
  additionalProperties: false,
  properties: {
    type: { const: 'TextBlock' },
    text: str,
    wrap: { type: 'boolean' },
    weight: { enum: ['Default', 'Lighter', 'Bolder'] },
    size: { enum: ['Default', 'Small', 'Medium', 'Large', 'ExtraLarge'] },
    color: { enum: ['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'] },
    isSubtle: { type: 'boolean' },
  },
};
const factSet = {
  type: 'object',
  required: ['type', 'facts'],
  additionalProperties: false,
  properties: {
    type: { const: 'FactSet' },
    facts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['title', 'value'],
        additionalProperties: false,
        properties: { title: str, value: str },
      },
    },
  },
};
export const teamsWorkflow = {
  type: 'object',
  required: ['type', 'attachments'],
  additionalProperties: false,
  properties: {
    type: { const: 'message' },
    attachments: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['contentType', 'content'],
        additionalProperties: false,
        properties: {
          contentType: { const: 'application/vnd.microsoft.card.adaptive' },
          contentUrl: { type: ['string', 'null'] },
          content: {
            type: 'object',
            required: ['type', 'version', 'body'],
            additionalProperties: false,
            properties: {
              $schema: str,
              type: { const: 'AdaptiveCard' },
              version: { type: 'string', pattern: '^1\\.[0-5]$' },
              body: { type: 'array', items: { oneOf: [textBlock, factSet] } },
              actions: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['type', 'url'],
                  additionalProperties: false,
                  properties: { type: { const: 'Action.OpenUrl' }, title: str, url: { type: 'string', format: 'uri' } },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** Alertmanager webhook_config payload, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export const alertmanagerWebhookV4 = {
  type: 'object',
  required: [
    'version',
    'groupKey',
    'truncatedAlerts',
    'status',
    'receiver',
    'groupLabels',
    'commonLabels',
    'commonAnnotations',
    'externalURL',
    'alerts',
  ],
  properties: {
    version: { const: '4' },
    groupKey: str,
    truncatedAlerts: { type: 'integer', minimum: 0 },
    status: { enum: ['firing', 'resolved'] },
    receiver: str,
    groupLabels: stringMap,
    commonLabels: stringMap,
    commonAnnotations: stringMap,
    externalURL: str,
    alerts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['status', 'labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL', 'fingerprint'],
        properties: {
          status: { enum: ['firing', 'resolved'] },
          labels: stringMap,
          annotations: stringMap,
          startsAt: { type: 'string', format: 'date-time' },
          endsAt: str,
          generatorURL: str,
          fingerprint: str,
        },
      },
    },
  },
};

/** Alertmanager API v2 `postableAlerts` (api/v2/openapi.yaml). */
export const alertmanagerPostableAlerts = {
  type: 'array',
  items: {
    type: 'object',
    required: ['labels'],
    additionalProperties: false,
    properties: {
      labels: { ...stringMap, required: ['alertname'] },
      annotations: stringMap,
      startsAt: { type: 'string', format: 'date-time' },
      endsAt: { type: 'string', format: 'date-time' },
      generatorURL: { type: 'string', format: 'uri' },
    },
  },
};

/** PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/, …/resolve-events/). */
export const pagerDutyEvent = {
  type: 'object',
  required: ['routing_key', 'event_action'],
  additionalProperties: false,
  properties: {
    routing_key: { type: 'string', minLength: 1 },
    event_action: { enum: ['trigger', 'acknowledge', 'resolve'] },
    dedup_key: { type: 'string', maxLength: 255 },
    payload: {
      type: 'object',
      required: ['summary', 'source', 'severity'],
      additionalProperties: false,
      properties: {
        summary: { type: 'string', maxLength: 1024 },
        source: str,
        severity: { enum: ['critical', 'error', 'warning', 'info'] },
        timestamp: { type: 'string', format: 'date-time' },
        component: str,
        group: str,
        class: str,
        custom_details: { type: 'object' },
      },
    },
    images: { type: 'array' },
    links: {
      type: 'array',
      items: { type: 'object', required: ['href'], additionalProperties: false, properties: { href: str, text: str } },
    },
    client: str,
    client_url: str,
  },
  if: { properties: { event_action: { const: 'trigger' } } },
  then: { required: ['payload'] },
  else: { required: ['dedup_key'] },
};
