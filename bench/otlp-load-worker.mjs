// Worker thread of bench/collector-ack.mjs: sends OTLP/protobuf bodies to a URL
// from its own event loop, so the sender does not share the receiver's.
//   closed loop: `concurrency` keep-alive clients, each posting the next body
//                as soon as its previous answer came (throughput)
//   open loop:   one body every 1/`bodiesPerSecond` s for `seconds` s, whatever
//                the answers (acknowledgement latency from the planned send time)
// Posts back { seconds, sent, ok, refused, latenciesMillis } once done.
import { parentPort, workerData } from 'node:worker_threads';

const { url, bodies, mode, concurrency, bodiesPerSecond, seconds } = workerData;

async function post(body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

const result = { sent: 0, ok: 0, refused: 0, latenciesMillis: [] };
const started = performance.now();
if (mode === 'closed') {
  let next = 0;
  const client = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      result.sent++;
      const status = await post(body);
      if (status === 200) {
        result.ok++;
      } else {
        result.refused++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
} else {
  const total = Math.floor(bodiesPerSecond * seconds);
  const inFlight = [];
  for (let i = 0; i < total; i++) {
    const planned = started + (i * 1000) / bodiesPerSecond;
    const wait = planned - performance.now();
    if (wait > 1) {
      await new Promise((r) => setTimeout(r, wait));
    }
    result.sent++;
    inFlight.push(
      post(bodies[i % bodies.length]).then(
        (status) => {
          if (status === 200) {
            result.ok++;
            result.latenciesMillis.push(performance.now() - planned);
          } else {
            result.refused++;
          }
        },
        () => {
          result.refused++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
}
result.seconds = (performance.now() - started) / 1000;
parentPort.postMessage(result);
