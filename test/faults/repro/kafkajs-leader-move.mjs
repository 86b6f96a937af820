// Standalone repro (not a test) of the stall `leader.test.ts` measures: a bare kafkajs 2.2.4 consumer on a 3-broker
// librdkafka mock while the leaders of its 6 partitions move every 5 s. Prints GROUP_JOIN durations and the longest gap
// between batches. kafkajs answers NOT_LEADER_FOR_PARTITION in ConsumerGroup.recoverFromFetch with refreshMetadata()
// AND joinAndSync(); there is one fetcher per broker, so one move starts up to N concurrent joins of the same member,
// which invalidate each other's generation (SyncGroup ILLEGAL_GENERATION) and, on the mock, wait session timeout - 1 s
// per rebalance. PATCH=single makes joinAndSync single-flight; PATCH=norejoin only refreshes metadata (no rejoin).
//   cd test/faults && node repro/kafkajs-leader-move.mjs            # PATCH=single|norejoin, ROUNDS=4, BROKERS=3
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import kafkajs from 'kafkajs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const t0 = Date.now();
const req = createRequire(import.meta.url);
const CG = req(req.resolve('kafkajs').replace(/index\.js$/, 'src/consumer/consumerGroup.js'));
if (process.env.PATCH === 'single') {
  const orig = CG.prototype.joinAndSync;
  CG.prototype.joinAndSync = function () {
    return (this.__joining ??= orig.call(this).finally(() => {
      this.__joining = undefined;
    }));
  };
}
if (process.env.PATCH === 'norejoin') {
  const orig = CG.prototype.recoverFromFetch;
  const STALE = ['LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION', 'FENCED_LEADER_EPOCH', 'UNKNOWN_LEADER_EPOCH'];
  CG.prototype.recoverFromFetch = async function (e) {
    if (STALE.includes(e.type)) {
      await this.cluster.refreshMetadata();
      return;
    }
    return orig.call(this, e);
  };
}
const ts = () => ((Date.now() - t0) / 1000).toFixed(2);
const py = spawn(
  'python3',
  [
    fileURLToPath(new URL('../../../infra/kafka/mock-cluster.py', import.meta.url)),
    '--brokers',
    process.env.BROKERS ?? '3',
    '--topic',
    't:6',
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const rl = createInterface({ input: py.stdout });
const lines = [];
let waiter;
rl.on('line', (l) => (waiter ? (waiter(l), (waiter = undefined)) : lines.push(l)));
const next = () => (lines.length ? Promise.resolve(lines.shift()) : new Promise((r) => (waiter = r)));
const boot = JSON.parse(await next()).bootstraps.split(',');
const cmd = async (c) => {
  py.stdin.write(c + '\n');
  return next();
};
const counts = { join: 0, sync: 0, stale: 0 };
const logCreator =
  () =>
  ({ namespace, level, log }) => {
    if (/Stale cluster metadata/.test(log.message)) {
      counts.stale++;
      console.log(ts(), 'STALE', namespace);
    }
    if (log.message?.startsWith('Request JoinGroup')) counts.join++;
    if (log.message?.startsWith('Request SyncGroup')) counts.sync++;
    if (level <= 2) console.log(ts(), namespace, log.message, log.error ?? '');
  };
const kafka = new kafkajs.Kafka({ clientId: 'repro', brokers: boot, logLevel: kafkajs.logLevel.DEBUG, logCreator });
const producer = kafka.producer({ maxInFlightRequests: 1 });
await producer.connect();
const consumer = kafka.consumer({ groupId: 'g', sessionTimeout: 6000, heartbeatInterval: 1000, maxWaitTimeInMs: 100 });
consumer.on(consumer.events.GROUP_JOIN, (e) => console.log(ts(), 'GROUP_JOIN', e.payload.duration, 'ms'));
await consumer.connect();
await consumer.subscribe({ topics: ['t'], fromBeginning: true });
let got = 0,
  last = Date.now(),
  maxGap = 0;
await consumer.run({
  eachBatch: async ({ batch }) => {
    got += batch.messages.length;
    const now = Date.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  },
});
let sent = 0,
  running = true;
const prod = (async () => {
  while (running) {
    await producer.send({
      topic: 't',
      messages: Array.from({ length: 50 }, (_, i) => ({ key: String(sent + i), value: 'x' })),
    });
    sent += 50;
    await new Promise((r) => setTimeout(r, 250));
  }
})();
await new Promise((r) => setTimeout(r, 8000));
console.log(ts(), 'steady; got', got, 'maxGap', maxGap);
maxGap = 0;
const rounds = Number(process.env.ROUNDS ?? 4);
for (let round = 1; round <= rounds; round++) {
  for (let p = 0; p < 6; p++)
    await cmd(`partition_leader t ${p} ${((p + round) % Number(process.env.BROKERS ?? 3)) + 1}`);
  console.log(ts(), 'MOVED round', round, { ...counts });
  await new Promise((r) => setTimeout(r, 5000));
}
const until = Date.now() + 60000;
while (got < sent && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
console.log(ts(), 'caught up', got >= sent, 'sent', sent, 'got', got, 'maxGap after moves ms', maxGap, counts);
running = false;
await prod;
await consumer.disconnect();
await producer.disconnect();
py.stdin.end();
