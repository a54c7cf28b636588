#!/usr/bin/env node
// node bench/measure-child.mjs REPORT_FILE SCRIPT [ARGS...]
// Runs the Node script SCRIPT with ARGS inside this process (as if started as
// `node SCRIPT ARGS...`) and, when the process exits, writes to REPORT_FILE:
//   { maxRssKiB, userMicros, systemMicros, wallMillis, exitCode }
// maxRssKiB is getrusage(RUSAGE_SELF).ru_maxrss through process.resourceUsage():
// the kernel's own high-water mark of the process, so nothing is sampled or
// missed, and no external tool (/usr/bin/time) is needed. wallMillis is
// process.uptime(): from process start (Node's bootstrap included) to exit.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [reportFile, script, ...args] = process.argv.slice(2);
if (!reportFile || !script) {
  process.stderr.write(
    'usage: node bench/measure-child.mjs REPORT_FILE SCRIPT [ARGS...]\n',
  );
  process.exit(2);
}

process.on('exit', (code) => {
  const usage = process.resourceUsage();
  const report = {
    maxRssKiB: usage.maxRSS,
    userMicros: usage.userCPUTime,
    systemMicros: usage.systemCPUTime,
    wallMillis: process.uptime() * 1000,
    exitCode: code,
  };
  writeFileSync(reportFile, `${JSON.stringify(report)}\n`);
});

const scriptPath = resolve(script);
process.argv = [process.argv[0] ?? process.execPath, scriptPath, ...args];
await import(pathToFileURL(scriptPath).href);
