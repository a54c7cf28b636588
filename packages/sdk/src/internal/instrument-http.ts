import { createRequire, syncBuiltinESMExports } from 'node:module';
import { ServerResponse } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Span, TimeInput, TracerProvider } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { reportSdkError } from './safe-execute.js';
import { watchResponseEnd } from './watch-response-end.js';

/*
 * One instance per process: OpenTelemetry patches a module once per instance
 * (require-in-the-middle caches it), so a second startTracing() after
 * shutdown() re-enables this one instead of creating another.
 */
let instrumentation: HttpInstrumentation | undefined;

/**
 * Ends a SERVER span of the instrumentation when the host called `res.end()`
 * rather than at the response's 'close' event, which comes after the write
 * callback and every 'finish' listener: by then the caller may have ended its
 * CLIENT span milliseconds ago, and the span would overhang its parent as if
 * the two processes' clocks were skewed. The instrumentation still sets the
 * status and attributes at 'close'; only the end time is the earlier one.
 */
function endWithResponse(span: Span, message: unknown): void {
  if (!(message instanceof ServerResponse)) {
    return;
  }
  const response = message as ServerResponse;
  try {
    let endedAt: number | undefined;
    watchResponseEnd(response, (atMillis) => {
      endedAt = atMillis;
    });
    // Called below with the span as `this`.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const end = span.end;
    span.end = function (this: Span, endTime?: TimeInput): void {
      end.call(this, endTime ?? endedAt);
    };
  } catch (error) {
    reportSdkError('timing a server span', error);
  }
}

/**
 * Instruments `node:http`/`node:https` clients: outgoing requests made inside
 * a hop get a CLIENT span and its context injected. Outgoing requests outside
 * any span are left alone (`requireParentforOutgoingSpans`), so headers
 * copied by `forwardHeaders()` in unprofiled handlers survive.
 *
 * The patch is applied to the modules' shared export objects right away and
 * ESM named imports are re-synchronised, so instrumentation also works when
 * the application imported `node:http` before calling startTracing().
 * Returns the function that removes it.
 */
export function instrumentHttp(
  tracerProvider: TracerProvider,
  serverSpans: boolean | ((request: IncomingMessage) => boolean),
): () => void {
  const config: HttpInstrumentationConfig = {
    disableIncomingRequestInstrumentation: serverSpans === false,
    // Only for a filter: a request it rejects gets no SERVER span (and runs
    // with tracing suppressed outside the hops, which start from its headers).
    ignoreIncomingRequestHook:
      typeof serverSpans === 'function'
        ? (request) => !serverSpans(request as IncomingMessage)
        : undefined,
    requireParentforOutgoingSpans: true,
    responseHook: endWithResponse,
  };
  if (instrumentation === undefined) {
    instrumentation = new HttpInstrumentation(config);
  } else {
    instrumentation.setConfig(config);
  }
  const unregister = registerInstrumentations({
    tracerProvider,
    instrumentations: [instrumentation],
  });
  // registerInstrumentations() does not re-enable an instance it disabled before.
  instrumentation.enable();
  const require = createRequire(import.meta.url);
  require('http');
  require('https');
  syncBuiltinESMExports();
  return () => {
    unregister();
    syncBuiltinESMExports();
  };
}
