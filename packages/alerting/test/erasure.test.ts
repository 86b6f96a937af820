import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertMention } from '@vakt/schema/alert';
import { Deliverer } from '../src/deliverer.js';
import { DeliveryLog } from '../src/delivery-log.js';
import type { Destination } from '../src/destinations.js';
import { withoutErased, type MentionErasure } from '../src/erasure.js';
import { AlertLifecycle } from '../src/lifecycle.js';
import { Notifier } from '../src/notifier.js';

// Issue 16 item 6: an erased author's handle and text stayed in alerts and in `deliveries.jsonl` (alert states and
// delivery bodies, restored at every restart). These are the pieces the alerter's `eraseMentions` composes.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vakt-erasure-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mention = (id: string, author: string, text: string): AlertMention => ({
  id,
  source: 'x',
  author,
  text,
  reach: 10,
  label: 'negative',
  score: -0.8,
  explanation: [],
});
const victim = mention('v1', 'anna_s', 'hemlig text om anna');
const other = mention('o1', 'bertil', 'kundtjänsten svarar inte');
const erasure: MentionErasure = { keys: new Set(['x:v1']), authors: new Set(['anna_s']) };

describe('erasure in alerts and the delivery log', () => {
  it('withoutErased drops the erased mentions by key or author, and returns the same alert when none is quoted', () => {
    const l = new AlertLifecycle(() => 0);
    const a = l.fire({
      watch: 'tk',
      series: 'negative_count',
      window: '1m',
      severity: 'warning',
      summary: 's',
      evidence: {
        window: '1m',
        observed: 9,
        expected: 1,
        score: 0.9,
        topMentions: [victim, mention('v2', 'anna_s', 'mer'), other],
        surgingTerms: [],
      },
      generatorURL: 'http://vakt/x',
    }).alert;
    expect(withoutErased(a, erasure).evidence.topMentions.map((m) => m.id)).toEqual(['o1']);
    const clean = withoutErased(a, erasure);
    expect(withoutErased(clean, erasure)).toBe(clean);
  });

  it('rewrites alert states and every pending and dead delivery body on disk; a reopened log restores none of it', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    const log = DeliveryLog.open(dir);
    // Receivers that are never called here: the jobs stay pending (one is marked dead below).
    const destinations: Destination[] = [
      { id: 'hook', kind: 'webhook', url: 'http://127.0.0.1:9/hook', unsigned: true },
      { id: 'chat', kind: 'slack', url: 'http://127.0.0.1:9/slack' },
      { id: 'pd', kind: 'pagerduty', url: 'http://127.0.0.1:9/pd', routingKey: 'rk' },
    ];
    const n = new Notifier(
      { routes: [{ to: ['hook', 'chat', 'pd'] }], destinations, externalURL: 'http://vakt' },
      log,
      new Deliverer({ log, destinations, now: () => now }),
      () => now,
    );
    const l = new AlertLifecycle(() => now);
    const t = l.fire({
      watch: 'tk',
      series: 'negative_count',
      window: '1m',
      severity: 'critical',
      summary: 's',
      evidence: { window: '1m', observed: 9, expected: 1, score: 0.9, topMentions: [victim, other], surgingTerms: [] },
      generatorURL: 'http://vakt/x',
    });
    const jobs = n.handle(t);
    expect(jobs).toHaveLength(3);
    log.append({ t: 'dead', key: jobs[2]!.key, at: now, attempts: 5, error: 'HTTP 500' });
    const file = () => readFileSync(join(dir, 'deliveries.jsonl'), 'utf8');
    expect(file()).toContain('hemlig text om anna');

    // 1. the lifecycle (the API, the detail view) and 2. the log, whose bodies are rendered again from the erased state
    expect(l.rewriteAlerts((a) => withoutErased(a, erasure))).toEqual([t.alert.fingerprint]);
    const r = log.rewrite({
      alert: (a) => withoutErased(a, erasure),
      job: (j) => n.rerender(j, l.get(j.fingerprint)!),
    });
    expect(r).toEqual({ alerts: 1, jobs: 3 });
    expect(l.get(t.alert.fingerprint)!.evidence.topMentions.map((m) => m.id)).toEqual(['o1']);
    for (const needle of ['hemlig text om anna', 'anna_s', '"v1']) expect(file()).not.toContain(needle);
    expect(file()).toContain('kundtjänsten svarar inte'); // the rest of the evidence stays
    // 3. keys and states survive: a pending job is still pending under its key, the dead one still dead
    expect(log.state.pending.map((p) => p.job.key)).toEqual(jobs.slice(0, 2).map((j) => j.key));
    expect(log.state.dead.map((d) => d.job.key)).toEqual([jobs[2]!.key]);
    // 4. appends after the rewrite still land in the file (the log reopened it)
    log.append({ t: 'silence', watch: 'tk', until: now + 60_000 });
    log.close();
    const reopened = DeliveryLog.open(dir);
    expect([...reopened.state.alerts.values()].flatMap((a) => a.evidence.topMentions.map((m) => m.id))).toEqual(['o1']);
    expect(reopened.state.silences.get('tk')).toBe(now + 60_000);
    expect(reopened.state.pending).toHaveLength(2);
    reopened.close();
  });
});
