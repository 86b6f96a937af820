// Plain JS: worker threads do not inherit tsx's loader on Node 20. One load-test worker thread: `n` socket.io clients subscribed to one watch. Records delivery latency
// (created_at → received) into a 1 ms histogram between "start" and "stop" messages, then posts it back.
import { parentPort, workerData } from 'node:worker_threads';
import { io } from 'socket.io-client';

const { url, token, n } = workerData;
const hist = new Uint32Array(120_000);
let measuring = false;
let received = 0;
let counted = 0;
const sockets = [];
await Promise.all(
  Array.from(
    { length: n },
    () =>
      new Promise((resolve, reject) => {
        const s = io(url, { transports: ['websocket'], auth: { token }, reconnection: false });
        sockets.push(s);
        s.on('connect', () => void s.emitWithAck('subscribe', { watch: 'kassan' }).then(() => resolve()));
        s.on('connect_error', reject);
        s.on('batch', (b) => {
          if (!measuring) return;
          const t = Date.now();
          received += b.mentions.length;
          counted += b.counts.negative + b.counts.neutral + b.counts.positive;
          for (const m of b.mentions) hist[Math.min(hist.length - 1, Math.max(0, t - Date.parse(m.created_at)))] += 1;
        });
      }),
  ),
);
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (msg) => {
  if (msg === 'start') measuring = true;
  if (msg === 'stop') {
    measuring = false;
    for (const s of sockets) s.disconnect();
    parentPort.postMessage({ type: 'done', hist, received, counted });
  }
});
