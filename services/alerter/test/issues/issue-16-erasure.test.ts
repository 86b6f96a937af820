import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '@vakt/schema/alert';
import { at, calm, scenario, storm } from '../timeline.js';

/**
 * Issue 16 item 6: after a GDPR erasure the erased author's mentions stayed in alerts (API, detail view, after a
 * restart) and in `alerter/deliveries.jsonl`. The store's erasure reports the erased mentions' keys and handles;
 * `eraseMentions` must remove them from every alert the alerter holds, from the log on disk, and from later alerts.
 */
type Scenario = Awaited<ReturnType<typeof scenario>>;
let current: Scenario | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

/** Every object anywhere in `v`, JSON-in-strings included (webhook bodies nest JSON in JSON). */
function objects(v: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        objects(JSON.parse(t), out);
      } catch {
        // not JSON after all: plain text
      }
    }
  } else if (Array.isArray(v)) {
    for (const x of v) objects(x, out);
  } else if (v !== null && typeof v === 'object') {
    out.push(v as Record<string, unknown>);
    for (const x of Object.values(v)) objects(x, out);
  }
  return out;
}

/** The mentions `(source, id)` quoted anywhere in the delivery log (alert states and delivery bodies). */
function quotedInLog(dataDir: string): Set<string> {
  const text = readFileSync(join(dataDir, 'deliveries.jsonl'), 'utf8');
  const keys = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    for (const o of objects(JSON.parse(line)))
      if (typeof o['id'] === 'string' && typeof o['source'] === 'string' && typeof o['text'] === 'string')
        keys.add(`${o['source']}:${o['id']}`);
  }
  return keys;
}

const quoted = (alerts: Alert[]) =>
  new Set(alerts.flatMap((a) => a.evidence.topMentions.map((m) => `${m.source}:${m.id}`)));

describe('issue 16: erasure reaches the alerter', () => {
  it('removes the erased mentions from alerts, the delivery log (states, pending and dead jobs), a restart and later alerts', async () => {
    const s = (current = await scenario({
      destinations: (url) => [{ id: 'hook', kind: 'webhook', url: `${url}/hook`, unsigned: true }],
      options: { retry: { maxAttempts: 2, baseMs: 1_000, maxMs: 1_000 } },
    }));
    s.push(at(0), calm('tk', 0, 150));
    s.push(at(60), storm('tk', { peak: 80, to: 95, perMin: 60 }));
    // The receiver refuses everything: deliveries stay pending, then dead, each with its body in the log.
    s.setReceiverStatus(500);
    await s.runUntil(60);
    while ((await s.app.alerts.list({ limit: 100 })).length === 0 && s.minute() < 90) await s.runUntil(s.minute() + 1);
    await s.runUntil(s.minute() + 2); // a few failed attempts: pending jobs with bodies, and dead ones
    const firingNow = (await s.app.alerts.list({ limit: 100 })).map((v) => v.alert);
    const top = firingNow.flatMap((a) => a.evidence.topMentions)[0];
    expect(top, 'a storm alert quoting mentions').toBeDefined();
    const victim = `${top!.source}:${top!.id}`;
    expect(quotedInLog(s.dataDir).has(victim)).toBe(true);
    // 1. erase by key and by handle, as the store's eraseAuthor reports them
    const r = s.app.eraseMentions({ keys: [victim], authors: top!.author ? [top!.author] : [] });
    expect(r.alerts).toBeGreaterThan(0);
    const erasedAuthor = top!.author;
    const heldBy = (alerts: Alert[]) =>
      alerts.some((a) =>
        a.evidence.topMentions.some(
          (m) => `${m.source}:${m.id}` === victim || (erasedAuthor !== undefined && m.author === erasedAuthor),
        ),
      );
    // 2. the API and detail view
    const listed = (await s.app.alerts.list({ limit: 100 })).map((v) => v.alert);
    expect(heldBy(listed)).toBe(false);
    for (const a of listed) expect(heldBy([(await s.app.alerts.get(a.fingerprint)).alert])).toBe(false);
    // 3. the file on disk: alert states and every delivery body
    expect(quotedInLog(s.dataDir).has(victim)).toBe(false);
    // 4. later alerts (the detector's windows may still hold the mention as evidence) do not quote it again
    const after: Alert[] = [];
    s.app.onAlert((a) => after.push(a));
    await s.runUntil(140); // through the peak and the resolution
    expect(after.length).toBeGreaterThan(0);
    expect(heldBy(after)).toBe(false);
    expect(quotedInLog(s.dataDir).has(victim)).toBe(false);
    // 5. a restart restores nothing of it
    const dataDir = s.dataDir;
    await s.close(true);
    current = await scenario({
      destinations: (url) => [{ id: 'hook', kind: 'webhook', url: `${url}/hook`, unsigned: true }],
      dataDir,
    });
    const restored = (await current.app.alerts.list({ limit: 100 })).map((v) => v.alert);
    expect(restored.length).toBeGreaterThan(0);
    expect(heldBy(restored)).toBe(false);
    expect(quoted(restored).size).toBeGreaterThan(0); // the other mentions are still quoted: only the author went
  }, 60_000);
});
