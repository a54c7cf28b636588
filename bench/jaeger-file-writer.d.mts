// Types of jaeger-file-writer.mjs for TypeScript callers (the e2e tests).
import type { JaegerTrace } from './seed-shaped-traces.mjs';

export interface WriteStats {
  traces: number;
  spans: number;
  bytes: number;
}

/** Streams `{"data":[…],"total":0,"limit":0,"offset":0,"errors":null}` to `out`, leaving it open. */
export declare function writeJaegerResponse(
  out: NodeJS.WritableStream,
  traces: Iterable<JaegerTrace>,
): Promise<WriteStats>;
