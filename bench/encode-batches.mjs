#!/usr/bin/env node
// CPU per span of encoding decoded spans into each store's batch format
// (encodeSpanBatch: checks, de-duplication and the format's bytes), beside
// its anchor in the same run: decoding the same OTLP/protobuf bodies
// (decodeOtlpProtobufSpans). Bodies of seed-shaped spans from OpenTelemetry's
// ProtobufTraceSerializer; one thread; the best of --rounds rounds (CPU time
// of this thread, process.cpuUsage). Needs `npm run build`.
//
// node bench/encode-batches.mjs [--spans N] [--body-spans N] [--rounds N]

import { parseArgs } from 'node:util';
import { decodeOtlpProtobufSpans } from '../packages/engine/dist/index.js';
import {
  encodeSpanBatch,
  SPAN_BATCH_FORMATS,
} from '../packages/store/dist/index.js';
import { describeMachine } from './machine-info.mjs';
import { buildOtlpSeedBodies } from './otlp-seed-bodies.mjs';

const { values: opts } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    'body-spans': { type: 'string', default: '512' },
    rounds: { type: 'string', default: '10' },
  },
  strict: true,
});
const rounds = Number(opts.rounds);
const { bodies } = buildOtlpSeedBodies({
  totalSpans: Number(opts.spans),
  spansPerBody: Number(opts['body-spans']),
});
const decoded = bodies.map((b) => decodeOtlpProtobufSpans(b).value.spans);
const spans = decoded.reduce((n, s) => n + s.length, 0);

/** The least CPU µs per span of `rounds` runs of `fn` over every body. */
function best(fn) {
  let least = Infinity;
  for (let r = 0; r < rounds; r++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    least = Math.min(least, (used.user + used.system) / spans);
  }
  return Math.round(least * 100) / 100;
}

const decode = best(() => {
  for (const body of bodies) {
    decodeOtlpProtobufSpans(body);
  }
});
const encode = Object.fromEntries(
  SPAN_BATCH_FORMATS.map((format) => [
    format,
    best(() => {
      for (const batch of decoded) {
        encodeSpanBatch(format, batch, 1_700_000_000_000_000);
      }
    }),
  ]),
);
const machine = describeMachine(new URL('..', import.meta.url).pathname);
const rows = [
  `| decode (anchor) | ${decode} | 1.00 |`,
  ...Object.entries(encode).map(
    ([format, us]) =>
      `| encode ${format} | ${us} | ${(us / decode).toFixed(2)} |`,
  ),
];
process.stdout.write(
  [
    `${new Date().toISOString().slice(0, 10)}, ${machine.cpuModel}, ${machine.cores} cores, Node ${process.version}, commit ${machine.commit}: ${spans} spans in bodies of ${opts['body-spans']}, best of ${rounds} rounds`,
    '',
    '| step | CPU µs/span | ÷ decode |',
    '| --- | ---: | ---: |',
    ...rows,
    '',
  ].join('\n'),
);
