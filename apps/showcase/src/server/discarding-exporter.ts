/** A span exporter that drops every span: tracing stays on (hops, propagation), nothing is sent. */
import type { StartTracingOptions } from '@pathprof/sdk';

type SpanExporter = NonNullable<StartTracingOptions['exporter']>;

export const DISCARDING_EXPORTER: SpanExporter = {
  export: (_spans, resultCallback) => resultCallback({ code: 0 }),
  shutdown: () => Promise.resolve(),
};
