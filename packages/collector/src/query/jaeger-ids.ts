/**
 * Trace ids as Jaeger's v1 API reads them (jaeger-idl `model.TraceID`): up to
 * 32 hex digits. The engine's `formatJaegerTraceId` writes them.
 */
import { badParam } from '../collector-error.js';
import type { TraceId } from '@pathprof/model';

const HEX_UP_TO_32 = /^[0-9a-fA-F]{1,32}$/;

/** Parses a trace id the way Jaeger does; an all-zero id is valid (and matches nothing). */
export function mustParseJaegerTraceId(text: string, param: string): TraceId {
  if (!HEX_UP_TO_32.test(text)) {
    throw badParam(
      `cannot parse ${param} param: "${text}" is not a trace id of 1 to 32 hex digits`,
    );
  }
  return text.toLowerCase().padStart(32, '0') as TraceId;
}
