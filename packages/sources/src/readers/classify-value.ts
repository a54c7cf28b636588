/**
 * Decides what a JSON value from an input is (a Jaeger trace, OTLP resource
 * spans or request, Zipkin spans, a Jaeger error envelope) and decodes it.
 */
import {
  decodeJaegerTrace,
  decodeOtlpTraces,
  decodeZipkinSpans,
} from '@pathprof/engine';
import type { DecodedSpans } from '@pathprof/engine';
import type {
  JaegerTrace,
  OtlpExportTraceServiceRequest,
  OtlpResourceSpans,
} from '@pathprof/model';

export type InputFormat = 'jaeger' | 'otlp-json' | 'zipkin' | 'otlp-protobuf';

export type ClassifiedValue =
  | {
      readonly format: 'jaeger';
      readonly decoded: DecodedSpans;
      readonly complete: true;
    }
  | {
      readonly format: 'otlp-json' | 'zipkin';
      readonly decoded: DecodedSpans;
      readonly complete: false;
    }
  | { readonly format: 'jaeger-error'; readonly message: string }
  | { readonly format: 'empty' }
  | { readonly format: 'unknown'; readonly hint: string };

export function classifyValue(
  path: readonly string[],
  value: unknown,
): ClassifiedValue {
  const top = path[0];
  if (top === 'resourceSpans' || top === 'result' || top === 'batches') {
    return otlp({ resourceSpans: [value as OtlpResourceSpans] });
  }
  if (top === 'data') {
    return isObject(value)
      ? jaeger(value as unknown as JaegerTrace)
      : { format: 'unknown', hint: 'a data element that is not an object' };
  }
  if (Array.isArray(value)) {
    return {
      format: 'zipkin',
      decoded: decodeZipkinSpans(value),
      complete: false,
    };
  }
  if (!isObject(value)) {
    return { format: 'unknown', hint: 'a value that is not an object' };
  }
  if (Array.isArray(value['spans']) && typeof value['traceID'] === 'string') {
    return jaeger(value as unknown as JaegerTrace);
  }
  if (typeof value['traceId'] === 'string' && typeof value['id'] === 'string') {
    return {
      format: 'zipkin',
      decoded: decodeZipkinSpans([value]),
      complete: false,
    };
  }
  if ('resourceSpans' in value) {
    return otlp(value as OtlpExportTraceServiceRequest);
  }
  if (
    Array.isArray(value['scopeSpans']) ||
    Array.isArray(value['instrumentationLibrarySpans'])
  ) {
    return otlp({ resourceSpans: [value as OtlpResourceSpans] });
  }
  if ('data' in value || 'result' in value) {
    const errors = value['errors'] ?? value['error'];
    const message = describeErrors(errors);
    return message === undefined
      ? { format: 'empty' }
      : { format: 'jaeger-error', message };
  }
  return {
    format: 'unknown',
    hint: `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`,
  };
}

function jaeger(trace: JaegerTrace): ClassifiedValue {
  return {
    format: 'jaeger',
    decoded: decodeJaegerTrace(trace),
    complete: true,
  };
}

function otlp(request: OtlpExportTraceServiceRequest): ClassifiedValue {
  return {
    format: 'otlp-json',
    decoded: decodeOtlpTraces(request),
    complete: false,
  };
}

function describeErrors(errors: unknown): string | undefined {
  if (Array.isArray(errors) && errors.length > 0) {
    return errors
      .map((e) =>
        isObject(e) && typeof e['msg'] === 'string'
          ? e['msg']
          : JSON.stringify(e),
      )
      .join('; ');
  }
  if (isObject(errors) && typeof errors['message'] === 'string') {
    return errors['message'];
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
