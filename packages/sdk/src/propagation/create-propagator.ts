import type {
  Context,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
} from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { JaegerPropagator } from '@opentelemetry/propagator-jaeger';
import type { PropagatorName } from './propagator-names.js';
import { createValidatingGetter } from './validating-getter.js';

type ExtractFormat = 'jaeger' | 'baggage' | 'tracecontext' | 'b3';

/**
 * Extraction order when no format is configured. As in OpenTelemetry's
 * composite propagator, a later format overrides an earlier one when both carry
 * a valid context, so B3 wins by default: behind Istio's Zipkin tracer the
 * sidecars rewrite the B3 headers and leave `traceparent` as the caller wrote it.
 */
const EXTRACT_ORDER: readonly ExtractFormat[] = [
  'jaeger',
  'baggage',
  'tracecontext',
  'b3',
];

function extractFormatOf(name: PropagatorName): ExtractFormat {
  return name === 'b3multi' ? 'b3' : name;
}

/**
 * Formats read from incoming headers: all of them, those not configured first
 * in {@link EXTRACT_ORDER}, then the configured ones in their order (so the
 * last configured format wins, as with `OTEL_PROPAGATORS`).
 */
export function extractionOrder(
  configured: readonly PropagatorName[],
): ExtractFormat[] {
  const last: ExtractFormat[] = [];
  for (let i = configured.length - 1; i >= 0; i--) {
    const format = extractFormatOf(configured[i]!);
    if (!last.includes(format)) {
      last.unshift(format);
    }
  }
  return [...EXTRACT_ORDER.filter((f) => !last.includes(f)), ...last];
}

function createInjector(name: PropagatorName): TextMapPropagator {
  switch (name) {
    case 'tracecontext':
      return new W3CTraceContextPropagator();
    case 'baggage':
      return new W3CBaggagePropagator();
    case 'b3':
      return new B3Propagator({
        injectEncoding: B3InjectEncoding.SINGLE_HEADER,
      });
    case 'b3multi':
      return new B3Propagator({
        injectEncoding: B3InjectEncoding.MULTI_HEADER,
      });
    case 'jaeger':
      return new JaegerPropagator();
  }
}

function createExtractor(format: ExtractFormat): TextMapPropagator {
  switch (format) {
    case 'jaeger':
      return new JaegerPropagator();
    case 'baggage':
      return new W3CBaggagePropagator();
    case 'tracecontext':
      return new W3CTraceContextPropagator();
    case 'b3':
      return new B3Propagator();
  }
}

/**
 * The SDK's propagator: injects the configured formats and extracts every
 * supported one (W3C trace context and baggage, B3 single and multi, Jaeger),
 * each format fenced so that a malformed header leaves the context unchanged.
 */
export function createPathprofPropagator(
  injectNames: readonly PropagatorName[],
): TextMapPropagator {
  const injector = new CompositePropagator({
    propagators: injectNames.map(createInjector),
  });
  const extractor = new CompositePropagator({
    propagators: extractionOrder(injectNames).map(createExtractor),
  });
  return {
    inject(context: Context, carrier: unknown, setter: TextMapSetter) {
      injector.inject(context, carrier, setter);
    },
    extract(context: Context, carrier: unknown, getter: TextMapGetter) {
      return extractor.extract(
        context,
        carrier,
        createValidatingGetter(getter),
      );
    },
    fields() {
      return injector.fields();
    },
  };
}
