import { diag, isSpanContextValid, trace } from '@opentelemetry/api';
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

/** A format read from incoming headers; `b3` reads both B3 encodings. */
type ExtractFormat = 'jaeger' | 'baggage' | 'tracecontext' | 'b3';

interface Extractor {
  readonly format: ExtractFormat;
  readonly propagator: TextMapPropagator;
}

function extractFormatOf(name: PropagatorName): ExtractFormat {
  return name === 'b3multi' ? 'b3' : name;
}

/** The formats read from incoming headers: the configured ones, in their order, each once. */
export function extractionOrder(
  configured: readonly PropagatorName[],
): ExtractFormat[] {
  const formats: ExtractFormat[] = [];
  for (const name of configured) {
    const format = extractFormatOf(name);
    if (!formats.includes(format)) {
      formats.push(format);
    }
  }
  return formats;
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

function createExtractor(format: ExtractFormat): Extractor {
  switch (format) {
    case 'jaeger':
      return { format, propagator: new JaegerPropagator() };
    case 'baggage':
      return { format, propagator: new W3CBaggagePropagator() };
    case 'tracecontext':
      return { format, propagator: new W3CTraceContextPropagator() };
    case 'b3':
      return { format, propagator: new B3Propagator() };
  }
}

/** One propagator's extraction, fenced: a failure leaves the context unchanged. */
function extractFenced(
  extractor: Extractor,
  context: Context,
  carrier: unknown,
  getter: TextMapGetter,
): Context {
  try {
    return extractor.propagator.extract(context, carrier, getter);
  } catch (error) {
    diag.warn(
      `@pathprof/sdk: extracting ${extractor.format} failed: ${String(error)}`,
    );
    return context;
  }
}

/**
 * The SDK's propagator: injects the configured formats, and extracts the
 * configured formats in their order, stopping at the first one that carries a
 * valid span context (`baggage` is read whatever its place). Malformed B3 and
 * Jaeger headers read as absent (validating-getter.ts), so a malformed
 * header leaves the context unchanged.
 */
export function createPathprofPropagator(
  names: readonly PropagatorName[],
): TextMapPropagator {
  const injector = new CompositePropagator({
    propagators: names.map(createInjector),
  });
  const extractors = extractionOrder(names).map(createExtractor);
  const validatingGetters = new WeakMap<TextMapGetter, TextMapGetter>();
  const validatingGetterOf = (getter: TextMapGetter): TextMapGetter => {
    let validating = validatingGetters.get(getter);
    if (validating === undefined) {
      validating = createValidatingGetter(getter);
      validatingGetters.set(getter, validating);
    }
    return validating;
  };
  return {
    inject(context: Context, carrier: unknown, setter: TextMapSetter) {
      injector.inject(context, carrier, setter);
    },
    extract(context: Context, carrier: unknown, getter: TextMapGetter) {
      const validating = validatingGetterOf(getter);
      let result = context;
      let found = false;
      for (const extractor of extractors) {
        if (extractor.format === 'baggage') {
          result = extractFenced(extractor, result, carrier, validating);
        } else if (!found) {
          const next = extractFenced(extractor, result, carrier, validating);
          // A format that found nothing returns the context it was given.
          const spanContext =
            next === result ? undefined : trace.getSpanContext(next);
          if (spanContext !== undefined && isSpanContextValid(spanContext)) {
            result = next;
            found = true;
          }
        }
      }
      return result;
    },
    fields() {
      return injector.fields();
    },
  };
}
