import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { getSdkState } from '../internal/sdk-state.js';
import { reportSdkError } from '../internal/safe-execute.js';
import type { HeaderCarrier, LowercaseHeaders } from './header-carrier.js';
import { HEADER_GETTER, toLowercaseHeaders } from './header-carrier.js';

/** Extraction from headers with lowercase names (Node's `req.headers`). */
export function extractFromLowercaseHeaders(
  headers: LowercaseHeaders,
  base: Context,
): Context {
  try {
    return getSdkState().propagator.extract(base, headers, HEADER_GETTER);
  } catch (error) {
    reportSdkError('extracting context', error);
    return base;
  }
}

/**
 * The context carried by incoming headers in any supported format (W3C
 * `traceparent`/`tracestate`/`baggage`, B3 single and multi, Jaeger
 * `uber-trace-id`), on top of `base` (default: the root context). Malformed
 * headers are ignored, so the result starts a new trace; this never throws.
 */
export function extractContext(
  headers: HeaderCarrier | null | undefined,
  base: Context = ROOT_CONTEXT,
): Context {
  try {
    return extractFromLowercaseHeaders(toLowercaseHeaders(headers), base);
  } catch (error) {
    reportSdkError('extracting context', error);
    return base;
  }
}
