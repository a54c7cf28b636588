#!/usr/bin/env node
// A collector in a process of its own, so its memory is measured alone (used
// by bench/collector-soak.mjs and bench/collector-overload.mjs): the DuckDB
// store in a new directory (removed at the end) opened as `pathprof serve`
// opens it — the --memory-limit (default 1 GiB) split over DuckDB, the
// store's backlog, request bodies and the write queue — and OTLP/HTTP on a
// free port. Prints one JSON line when listening ({"port"}), then one per
// second with process.memoryUsage() and the write queue's depth; stops on
// SIGTERM (after draining) and prints {"closed"}.
//
// node bench/collector-child.mjs [--memory-limit BYTES]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MEMORY_LIMIT_BYTES,
  splitMemoryLimit,
  startCollector,
} from '../packages/collector/dist/index.js';
import { openSpanStore } from '../packages/store/dist/index.js';

const { values: opts } = parseArgs({
  options: { 'memory-limit': { type: 'string' } },
  strict: true,
});
const memoryLimitBytes =
  opts['memory-limit'] === undefined
    ? DEFAULT_MEMORY_LIMIT_BYTES
    : Number(opts['memory-limit']);
const memory = splitMemoryLimit(memoryLimitBytes);
const dir = mkdtempSync(join(tmpdir(), 'pathprof-bench-collector-'));
const store = await openSpanStore({
  path: dir,
  memoryLimitBytes: memory.storeBytes,
  maxBacklogBytes: memory.backlogBytes,
});
const collector = await startCollector({
  store,
  otlpPort: 0,
  zipkinPort: null,
  queryPort: 0,
  memoryLimitBytes,
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
