import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '@vakt/schema/alert';
import { at, calm, firing, scenario, storm } from './timeline.js';

let current: Awaited<ReturnType<typeof scenario>> | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

/** Polls `cond` until it holds or `ms` pass; says which (an ordering check, not a speed check). */
async function holdsWithin(cond: () => boolean, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until;) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return cond();
}

describe('a page is sent when it is decided', () => {
  it('reaches the receiver with no tick, while the store write of its own batch is still pending', async () => {
    const paged = () => current!.accepted('/hook').some((r) => firing({ watch: 'tk' })(r.body));
    // The store holds its first write of the storm's firing until the receiver has the page (or gives up):
    // the page must not wait for the produce to vakt.alerts, the store, or a timer tick.
    let receivedWhileStoring: boolean | undefined;
    const store = {
      async insertAlerts(alerts: Alert[]) {
        if (receivedWhileStoring !== undefined) return;
        if (!alerts.some((a) => a.status === 'firing' && a.labels.watch === 'tk')) return;
        receivedWhileStoring = await holdsWithin(paged, 5_000);
      },
    };
    const s = (current = await scenario({
      destinations: (url) => [{ id: 'hook', kind: 'webhook', url: `${url}/hook`, unsigned: true }],
      options: { tickMs: 0 },
      store,
    }));
    s.push(at(0), calm('tk', 0, 100));
    s.push(at(60), storm('tk', { peak: 80, to: 95, perMin: 60 }));
    await s.runUntil(100, 10, { tick: false });
    expect(receivedWhileStoring, 'the storm fired and its store write ran').toBeDefined();
    expect(receivedWhileStoring, 'page received before its store write finished').toBe(true);
    expect(s.accepted('/hook').filter((r) => firing({ watch: 'tk' })(r.body))).toHaveLength(1);
  }, 60_000);
});
