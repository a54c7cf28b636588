#!/usr/bin/env node
// Bundles the built CLI (dist/) into bundle/, which bin/pathprof.js runs: the
// command line with the modules `pathprof --help` and `pathprof analyze` load
// — our engine, model and sources packages and a few small pure-JS
// dependencies — in a handful of files (the measure package too: bundled, the
// help text's constants come without its HTTP client), so a cold start reads and links a few
// files instead of about 200 modules. Each command's own code stays in its
// own chunk, loaded when the command runs; the profiling worker is an entry
// of its own beside them (profile-pool.ts finds it beside its own chunk).
// Packages that find files beside their own code (collector, store,
// showcase, web, sdk) and everything else are imported from node_modules as
// before. Those packages bring their own copy of the engine, model and
// sources: only plain data (reports, spans, options) crosses between them and
// the bundled code, never a class instance. Run by `npm run build`, so a
// fresh clone builds it on `npm ci`; bundle/ is not committed.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const CLI = fileURLToPath(new URL('..', import.meta.url));
const BUNDLED = [
  '@pathprof/engine',
  '@pathprof/model',
  '@pathprof/sources',
  '@pathprof/measure',
  '@datadog/sketches-js',
  'commander',
  'cli-progress',
];

const bundledPackage = (id) =>
  BUNDLED.some((name) => id === name || id.startsWith(`${name}/`));

rmSync(`${CLI}/bundle`, { recursive: true, force: true });
const build = await rolldown({
  input: {
    main: `${CLI}/dist/main.js`,
    // beside the chunk that starts it (profile-pool.ts finds it there)
    'profile-worker': `${CLI}/../sources/dist/pool/profile-worker.js`,
  },
  platform: 'node',
  external: (id, importer) => {
    if (id.startsWith('.') || id.startsWith('/') || id.startsWith('\0')) {
      return false;
    }
    if (importer === undefined) {
      return false;
    }
    return !bundledPackage(id);
  },
  logLevel: 'warn',
});
await build.write({
  dir: `${CLI}/bundle`,
  format: 'esm',
  entryFileNames: '[name].js',
  chunkFileNames: '[name]-[hash].js',
});
await build.close();
