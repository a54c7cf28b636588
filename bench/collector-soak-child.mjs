#!/usr/bin/env node
// The collector of bench/collector-soak.mjs, in a process of its own so its
// memory is measured alone: the DuckDB store in a new directory (removed at
// the end), OTLP/HTTP on a free port. Prints one JSON line when listening
// ({"port"}), then one per second with process.memoryUsage() and the write
// queue's depth; stops on SIGTERM (after draining) and prints {"closed"}.
//
// node bench/collector-soak-child.mjs

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector } from '../packages/collector/dist/index.js';
import { openDuckDbStore } from '../packages/store/dist/index.js';

const dir = mkdtempSync(join(tmpdir(), 'pathprof-soak-'));
const store = await openDuckDbStore({ path: dir });
const collector = await startCollector({
  store,
  otlpPort: 0,
  zipkinPort: null,
  queryPort: 0,
  log: (record) => {
    if (record.level === 'error') {
      process.stderr.write(`${JSON.stringify(record)}\n`);
    }
  },
});
const say = (record) => process.stdout.write(`${JSON.stringify(record)}\n`);
say({ port: collector.ports.otlp, queryUrl: collector.queryUrl });

const timer = setInterval(() => {
  const m = process.memoryUsage();
  say({
    t: Date.now(),
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    queued: collector.queueDepth,
  });
}, 1000);

process.once('SIGTERM', () => {
  clearInterval(timer);
  void collector
    .close()
    .then(() => say({ closed: true }))
    .finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
});
