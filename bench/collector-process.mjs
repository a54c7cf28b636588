// Starts bench/collector-child.mjs (a collector alone in its process, opened
// as `pathprof serve` opens it) and follows its JSON lines: resolves once it
// listens, with its OTLP/HTTP URL, its query URL and the memory samples it
// reports each second (each passed through `onSample` first, if given).

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = join(
  dirname(fileURLToPath(import.meta.url)),
  'collector-child.mjs',
);

/**
 * @param {{ onSample?: (sample: object) => object }} [options]
 * @returns {Promise<{ url: string, queryUrl: string, samples: object[], stop: () => Promise<void> }>}
 */
export async function startCollectorProcess(options = {}) {
  const child = spawn(process.execPath, [CHILD], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const samples = [];
  let closed = false;
  const ready = await new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      closed ? undefined : reject(new Error(`collector exited with ${code}`)),
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      const record = JSON.parse(line);
      if (record.port !== undefined) {
        resolve(record);
      } else if (record.rss !== undefined) {
        samples.push(options.onSample?.(record) ?? record);
      } else if (record.closed === true) {
        closed = true;
      }
    });
  });
  return {
    url: `http://127.0.0.1:${ready.port}/v1/traces`,
    queryUrl: ready.queryUrl,
    samples,
    /** SIGTERM: the collector drains, closes and exits. */
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
