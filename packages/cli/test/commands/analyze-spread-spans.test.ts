import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';

/** One OTLP JSON request holding one span. */
function request(
  service: string,
  traceId: string,
  spanId: string,
  parent: string | undefined,
  startMs: number,
  endMs: number,
): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: service } },
          ],
        },
        scopeSpans: [
          {
            spans: [
              {
                traceId,
                spanId,
                ...(parent === undefined ? {} : { parentSpanId: parent }),
                name: `${service} op`,
                kind: 'SPAN_KIND_SERVER',
                startTimeUnixNano: `${BigInt(1_700_000_000_000 + startMs) * 1_000_000n}`,
                endTimeUnixNano: `${BigInt(1_700_000_000_000 + endMs) * 1_000_000n}`,
              },
            ],
          },
        ],
      },
    ],
  });
}

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
/** JSON Lines: the spans of traces A and B interleaved, children before parents. */
const LINES = [
  request('api', A, '00000000000000a2', '00000000000000a1', 10, 90),
  request('api', B, '00000000000000b2', '00000000000000b1', 10, 50),
  request('web', A, '00000000000000a1', undefined, 0, 100),
  request('db', A, '00000000000000a3', '00000000000000a2', 20, 30),
  request('web', B, '00000000000000b1', undefined, 0, 60),
].join('\n');

describe('pathprof analyze on spans spread through a file', () => {
  it('assembles each trace from JSON Lines of OTLP requests', async () => {
    const r = await runCli(['analyze', '-', '--format', 'json'], LINES);
    const report = JSON.parse(r.stdout) as {
      totals: { traces: number; warnings: number };
      paths: { key: string }[];
    };
    expect(report.totals).toMatchObject({ traces: 2, warnings: 0 });
    expect(report.paths.map((p) => p.key).sort()).toEqual([
      'web:web op > api:api op',
      'web:web op > api:api op > db:db op',
    ]);
  });

  it('reports traces cut by a small span buffer instead of losing them silently', async () => {
    const r = await runCli(
      ['analyze', '-', '--format', 'json', '--max-buffered-spans', '1'],
      LINES,
    );
    const report = JSON.parse(r.stdout) as { totals: { cutTraces: number } };
    // A is released when B arrives and then gets more spans; so is B
    expect(report.totals.cutTraces).toBe(2);
  });
});
