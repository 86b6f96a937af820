import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startUp, type UpProcess } from './processes.js';

/**
 * An alerting file's route may name its watch as people write it ("Försäkringskassan"). Alerts carry the watch's id,
 * so such a route matched nothing, silently. `vakt up` holds the watches: it routes by the id of the watch the name
 * names (here an id that is not the one the name gives) and says so at start, naming the file and the route.
 */
describe('vakt up: alerting routes that name a watch by its display name', () => {
  const root = mkdtempSync(join(tmpdir(), 'vakt-alerting-routes-'));
  let up: UpProcess | undefined;
  afterAll(async () => {
    await up?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("are routed by the watch's id, with a warning naming the file and the route; an unknown watch is warned about", async () => {
    const watches = join(root, 'watches.yaml');
    writeFileSync(watches, 'watches:\n  - { id: fk, name: Försäkringskassan, query: Försäkringskassan }\n');
    const alerting = join(root, 'alerting.json');
    writeFileSync(
      alerting,
      JSON.stringify({
        destinations: [{ id: 'komm', kind: 'webhook', url: 'http://127.0.0.1:9/hook', unsigned: true }],
        routes: [
          { watch: 'Försäkringskassan', to: ['komm'] },
          { watch: 'Tullverket', to: ['komm'] },
        ],
      }),
    );
    up = await startUp(join(root, 'data'), ['--watches-file', watches, '--alerting-file', alerting]);
    const warnings = up
      .out()
      .split('\n')
      .filter((l) => l.includes('routes['))
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(warnings).toEqual([
      expect.stringContaining(
        `${alerting}: routes[0].watch "Försäkringskassan" is not a watch id: routed as "fk", the id of the watch it names`,
      ),
      expect.stringContaining(`${alerting}: routes[1].watch "Tullverket" is not a watch id: routed as "tullverket"`),
      expect.stringContaining(`${alerting}: routes[1].watch "Tullverket": no watch has the id "tullverket" now`),
    ]);
  });
});
