#!/usr/bin/env node
// The floor for JSON input: node bench/parse-floor.mjs FILE whole|per-trace
//   whole      read the file into one string and JSON.parse it (a bare JSON.parse);
//   per-trace  for files longer than V8's maximum string length (~512 MiB): stream
//              the file and JSON.parse each line holding one trace, as written by
//              jaeger-file-writer.mjs. Reads and parses the same bytes.

import { createReadStream, readFileSync } from 'node:fs';

const [file, mode = 'whole'] = process.argv.slice(2);
if (!file || (mode !== 'whole' && mode !== 'per-trace')) {
  process.stderr.write(
    'usage: node bench/parse-floor.mjs FILE whole|per-trace\n',
  );
  process.exit(2);
}

/** @type {unknown} */
let kept;
if (mode === 'whole') {
  kept = JSON.parse(readFileSync(file, 'utf8'));
} else {
  let parsed = 0;
  /** @param {Buffer} line */
  const parseLine = (line) => {
    let end = line.length;
    if (line[end - 1] === 0x2c) {
      end -= 1; // the comma between traces
    }
    if (
      line[0] === 0x7b &&
      line[end - 1] === 0x7d &&
      !line.subarray(0, 9).equals(Buffer.from('{"data":['))
    ) {
      kept = JSON.parse(line.toString('utf8', 0, end));
      parsed += 1;
    }
  };
  /** @type {Buffer[]} */
  let pending = [];
  for await (const chunk of createReadStream(file, {
    highWaterMark: 1 << 20,
  })) {
    const buf = /** @type {Buffer} */ (chunk);
    let start = 0;
    let nl = buf.indexOf(0x0a);
    while (nl !== -1) {
      parseLine(
        pending.length
          ? Buffer.concat([...pending, buf.subarray(start, nl)])
          : buf.subarray(start, nl),
      );
      pending = [];
      start = nl + 1;
      nl = buf.indexOf(0x0a, start);
    }
    if (start < buf.length) {
      pending.push(buf.subarray(start));
    }
  }
  if (parsed === 0) {
    throw new Error(
      `${file}: no trace lines found (expected one trace per line)`,
    );
  }
}
if (kept === undefined) {
  process.exitCode = 1;
}
