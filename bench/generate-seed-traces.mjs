#!/usr/bin/env node
// node bench/generate-seed-traces.mjs --traces N [--seed S] [--out FILE] [--stats]
// Streams N seed-shaped traces as Jaeger query-API JSON to FILE or stdout.
// --stats prints {"traces","spans","bytes","millis"} as one JSON line on stderr.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { generateSeedTraces } from './seed-shaped-traces.mjs';
import { writeJaegerResponse } from './jaeger-file-writer.mjs';

const USAGE =
  'usage: node bench/generate-seed-traces.mjs --traces N [--seed S] [--out FILE] [--stats]\n';

/**
 * @param {string[]} argv
 * @returns {Promise<number>} exit code
 */
async function main(argv) {
  /** @type {{ traces?: string, seed?: string, out?: string, stats?: boolean }} */
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        traces: { type: 'string' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string' },
        stats: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(
      `${err instanceof Error ? err.message : String(err)}\n${USAGE}`,
    );
    return 2;
  }
  const traces = Number(values.traces);
  const seed = Number(values.seed);
  if (
    !Number.isSafeInteger(traces) ||
    traces < 0 ||
    !Number.isSafeInteger(seed)
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  const started = performance.now();
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  const stats = await writeJaegerResponse(
    out,
    generateSeedTraces({ traces, seed }),
  );
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  if (values.stats) {
    process.stderr.write(
      `${JSON.stringify({ ...stats, millis: Math.round(performance.now() - started) })}\n`,
    );
  }
  return 0;
}

// A closed pipe (`… | head`) is a normal way for a reader to stop.
process.stdout.on('error', (err) => {
  if (/** @type {NodeJS.ErrnoException} */ (err).code === 'EPIPE') {
    process.exit(0);
  }
  throw err;
});
process.exitCode = await main(process.argv.slice(2));
