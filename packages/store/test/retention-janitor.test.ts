import { expect, it, vi } from 'vitest';
import { RetentionJanitor, type JanitorRunReport, type Schedule } from '../src/retention-janitor.js';
import { insertMentions } from '../src/tables/mentions.js';
import { insertDeadLetters } from '../src/tables/dead-letters.js';
import { onBothEngines, scored, uid } from './helpers.js';

const DAY = 86_400_000;
const NOW = Date.parse('2027-06-15T12:00:00Z');
const ago = (days: number, now = NOW) => new Date(now - days * DAY).toISOString();

/** A schedule the test drives: it records what the janitor asked for and fires it on demand. */
function manualSchedule() {
  const pending: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const schedule: Schedule = (fn, ms) => {
    const entry = { fn, ms, cancelled: false };
    pending.push(entry);
    return () => void (entry.cancelled = true);
  };
  return { schedule, pending };
}

onBothEngines('RetentionJanitor', (ctx) => {
  const count = async (query: string): Promise<number> => {
    const rs = await ctx().store.ch.query({ query, format: 'JSONEachRow' });
    return Number((await rs.json<{ n: string }>())[0]?.n ?? 0);
  };
  const keptAges = async (watch: string, ages: number[]) => {
    const rs = await ctx().store.ch.query({
      query: `SELECT id FROM vakt.mentions FINAL WHERE watch = '${watch}'`,
      format: 'JSONEachRow',
    });
    const ids = new Set((await rs.json<{ id: string }>()).map((r) => r.id));
    return ages.filter((a) => ids.has(`${watch}-${a}`));
  };

  it('keeps each watch for its own retention, the default for watches without one, and cleans orphans and dead letters', async () => {
    const { store } = ctx();
    // One row per age; `kept` is what must survive one run at NOW.
    const cases = [
      {
        why: 'a 30-day watch loses rows older than 30 days',
        name: uid(),
        retentionDays: 30,
        ages: [1, 29, 31, 45],
        kept: [1, 29],
      },
      {
        why: 'a watch without retentionDays gets the default (90)',
        name: uid(),
        retentionDays: undefined,
        ages: [10, 89, 91, 120],
        kept: [10, 89],
      },
      {
        why: 'a 365-day watch keeps what the default would drop',
        name: uid(),
        retentionDays: 365,
        ages: [100, 200, 364, 370],
        kept: [100, 200, 364],
      },
      {
        why: 'a watch no longer registered is cut at the longest retention (365) by the global pass',
        name: uid(),
        retentionDays: null,
        ages: [200, 400, 500],
        kept: [200],
      },
    ] as const;
    const rows = cases.flatMap((c) =>
      c.ages.map((a) =>
        scored({ id: `${c.name}-${a}`, created_at: ago(a), matches: [{ watch: c.name, entities: ['faktura'] }] }),
      ),
    );
    expect((await insertMentions(store)(rows)).ok).toBe(true);
    const stage = uid('stage');
    const letter = (days: number) => ({
      schemaVersion: 1 as const,
      code: 'VAKT_SCHEMA_INVALID',
      reason: 'r',
      stage,
      failed_at: ago(days),
      raw_truncated: `{"n":${days}}`,
      raw_bytes: 8,
    });
    expect((await insertDeadLetters(store)([letter(5), letter(400)])).ok).toBe(true);

    const reports: JanitorRunReport[] = [];
    const janitor = new RetentionJanitor({
      store,
      defaultDays: 90,
      now: () => NOW,
      watches: () =>
        cases
          .filter((c) => c.retentionDays !== null)
          .map((c) => ({ name: c.name, ...(c.retentionDays ? { retentionDays: c.retentionDays } : {}) })),
      onRun: (r) => reports.push(r),
    });
    const report = await janitor.runOnce();
    expect(report.ok).toBe(true);
    expect(reports).toEqual([report]);
    expect(report.targets.map((t) => t.days)).toEqual([30, 90, 365, 365]);
    expect(report.targets.at(-1)?.watch).toBeUndefined(); // the global pass is last

    for (const c of cases) {
      expect(await keptAges(c.name, [...c.ages]), c.why).toEqual(c.kept);
      // Rollups follow: the minute rollup counts exactly the surviving mentions.
      const rolled = await count(
        `SELECT uniqExactMerge(mentions) AS n FROM vakt.mentions_per_minute_v1 WHERE watch = '${c.name}'`,
      );
      expect(rolled, `${c.why} (rollup)`).toBe(c.kept.length);
      const entity = await count(
        `SELECT uniqExactMerge(mentions) AS n FROM vakt.entity_mentions_per_minute_v1 WHERE watch = '${c.name}'`,
      );
      expect(entity, `${c.why} (entity rollup)`).toBe(c.kept.length);
    }
    expect(await count(`SELECT count() AS n FROM vakt.dead_letters WHERE stage = '${stage}'`)).toBe(1);

    // A second run at the same time finds nothing more to do: no rows deleted anywhere.
    const again = await janitor.runOnce();
    expect(again.targets.every((t) => Object.values(t.deleted ?? {}).every((n) => n === 0))).toBe(true);
  }, 180_000);

  it('reports a bad watch and a failing registry without stopping, and never cuts a watch it cannot read', async () => {
    const { store } = ctx();
    const [good, bad] = [uid(), uid()];
    const now = NOW + 400 * DAY; // later than every row of the previous test, so only this test's rows matter here
    expect(
      (
        await insertMentions(store)([
          scored({ id: `${good}-old`, created_at: ago(50, now), matches: [{ watch: good, entities: [] }] }),
          scored({ id: `${bad}-old`, created_at: ago(50, now), matches: [{ watch: bad, entities: [] }] }),
        ])
      ).ok,
    ).toBe(true);

    const janitor = new RetentionJanitor({
      store,
      defaultDays: 30,
      now: () => now,
      watches: () => [
        { name: good, retentionDays: 10 },
        { name: bad, retentionDays: 0 },
      ],
    });
    const r = await janitor.runOnce();
    expect(r.ok).toBe(false);
    expect(r.targets).toMatchObject([
      { watch: good, ok: true, deleted: { mentions: 1 } },
      { watch: bad, ok: false, code: 'VAKT_CONFIG_INVALID' },
    ]);
    // No global pass: an invalid retention must not let a default cut that watch's rows.
    expect(r.targets).toHaveLength(2);
    expect(await count(`SELECT count() AS n FROM vakt.mentions WHERE watch = '${bad}'`)).toBe(1);

    const broken = new RetentionJanitor({
      store,
      defaultDays: 30,
      now: () => now,
      watches: () => Promise.reject(new Error('registry down')),
    });
    const b = await broken.runOnce();
    expect(b).toMatchObject({ ok: false, targets: [{ ok: false, code: 'VAKT_INTERNAL' }] });
    expect(await count(`SELECT count() AS n FROM vakt.mentions WHERE watch = '${bad}'`)).toBe(1);
  }, 120_000);

  it('runs at start, then intervalMs after each run ends, and stops cleanly', async () => {
    const { store } = ctx();
    const { schedule, pending } = manualSchedule();
    let runs = 0;
    let resolveRun: () => void = () => undefined;
    const ran = () => new Promise<void>((r) => (resolveRun = r));
    const janitor = new RetentionJanitor({
      store,
      defaultDays: 30,
      intervalMs: 3_600_000,
      now: () => NOW + 800 * DAY,
      schedule,
      watches: () => [],
      onRun: () => {
        runs += 1;
        resolveRun();
      },
    });
    janitor.start();
    janitor.start(); // idempotent
    expect(pending.map((p) => p.ms)).toEqual([0]);
    let done = ran();
    pending[0]!.fn();
    await done;
    // The next run is scheduled only after this one has settled (no overlap).
    await vi.waitFor(() => expect(pending.map((p) => p.ms)).toEqual([0, 3_600_000]));
    expect(runs).toBe(1);
    done = ran();
    pending[1]!.fn();
    await done;
    await vi.waitFor(() => expect(pending).toHaveLength(3));
    expect(runs).toBe(2);
    await janitor.stop();
    expect(pending[2]!.cancelled).toBe(true);
    // stop() does not hang on a run that cannot finish (here: a registry that never answers).
    const stuck = new RetentionJanitor({
      store,
      defaultDays: 30,
      schedule,
      watches: () => new Promise(() => undefined),
    });
    stuck.start();
    pending.at(-1)!.fn();
    await stuck.stop(50);
    expect(() => new RetentionJanitor({ store, defaultDays: 0, watches: () => [] })).toThrow(/default retention days/);
    expect(() => new RetentionJanitor({ store, defaultDays: 1, intervalMs: 10, watches: () => [] })).toThrow(
      /at least 1000 ms/,
    );
  }, 60_000);
});
