#!/usr/bin/env node
// The command line as `npm run build` bundles it (scripts/bundle-bin.mjs):
// a few files instead of about 200 modules, for a quick start.
import { main } from '../bundle/main.js';

// A reader that stops early (`pathprof analyze … | head`) closes the pipe:
// end quietly, as other command-line tools do, instead of crashing on EPIPE.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') {
    process.exit(0);
  }
  throw err;
});

process.exitCode = await main(process.argv.slice(2));
