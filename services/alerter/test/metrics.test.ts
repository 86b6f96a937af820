import { describe, expect, it } from 'vitest';
import { createMetrics } from '@vakt/pipeline/metrics';
import { exposeAlerterCounters } from '../src/metrics.js';

describe('alerter /metrics', () => {
  it("reports the app's own counts as they are at scrape time", async () => {
    const counts = { mentions: 0, deadLettered: 0, alertsFired: 0, alertsResolved: 0, delivered: 0, deadDeliveries: 0 };
    let pending = 0;
    const metrics = createMetrics();
    exposeAlerterCounters(metrics, { counters: () => ({ ...counts }), pendingDeliveries: () => pending });
    expect(await metrics.registry.metrics()).toMatch(/^vakt_alerter_mentions_total 0$/m);
    counts.mentions = 1052;
    counts.alertsFired = 2;
    pending = 3;
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^vakt_alerter_mentions_total 1052$/m);
    expect(text).toMatch(/^vakt_alerter_alerts_fired_total 2$/m);
    expect(text).toMatch(/^vakt_alerter_pending_deliveries 3$/m);
    expect(text).toMatch(/^# TYPE vakt_alerter_deliveries_total counter$/m);
  });
});
