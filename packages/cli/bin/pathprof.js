#!/usr/bin/env node
// The command line as `npm run build` bundles it (scripts/bundle-bin.mjs):
// a few files instead of about 200 modules, for a quick start.
import { main } from '../bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
