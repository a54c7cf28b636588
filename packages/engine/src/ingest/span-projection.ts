/**
 * Which parts of a span a reader must decode. Analysis reads a handful of
 * attributes (hop markers and measures, error and proxy tags); a reader that
 * builds only those skips most of every span's bytes. Consumers that keep
 * spans (import, the collector's store) ask for everything.
 */
import {
  HOP_ATTR,
  HOP_CPU_MS_ATTR,
  HOP_MEMORY_BYTES_ATTR,
  HOP_NAME_ATTR,
  SEED_CPU_MS_ATTR,
  SEED_FUNCTION_NAME_ATTR,
  SEED_PEAK_MEM_KB_ATTR,
} from '@pathprof/model';
import type { AttributeValue, Attributes, Span } from '@pathprof/model';
import { HOST_KEYS } from '../tree/span-host.js';
import { JAEGER_STATUS_KEYS } from './jaeger-span-fields.js';

export interface SpanProjection {
  /**
   * Span attributes kept; every one when undefined. The attributes that
   * decide a span's kind and status (`span.kind`, `otel.status_code`,
   * `error`) are always kept.
   */
  readonly attributes?: ReadonlySet<string>;
  /** Resource (process) attributes kept; every one when undefined. */
  readonly resource?: ReadonlySet<string>;
  /** Keep events (Jaeger logs); default true. */
  readonly events?: boolean;
}

/** Every field of every span. */
export const FULL_SPANS: SpanProjection = {};

/**
 * Exactly what the analysis (trace assembly, hops, paths, statistics,
 * anomalies, critical path) reads: the attribute keys below, the resource
 * attributes that name a span's host (trace assembly tells distinct work
 * sharing a span id apart by them), no events. A test checks this list
 * against the engine's sources.
 */
export const ANALYSIS_PROJECTION: SpanProjection = {
  attributes: new Set([
    ...JAEGER_STATUS_KEYS,
    HOP_ATTR,
    HOP_NAME_ATTR,
    HOP_CPU_MS_ATTR,
    HOP_MEMORY_BYTES_ATTR,
    SEED_FUNCTION_NAME_ATTR,
    SEED_CPU_MS_ATTR,
    SEED_PEAK_MEM_KB_ATTR,
    'http.status_code',
    'http.response.status_code',
    'component',
    'upstream_cluster',
    'node_id',
  ]),
  resource: new Set(HOST_KEYS),
  events: false,
};

/** The projection that also keeps these span and resource attributes (e.g. `compare`'s split key). */
export function withKeptAttributes(
  projection: SpanProjection,
  keys: readonly string[],
): SpanProjection {
  const extend = (
    set: ReadonlySet<string> | undefined,
  ): ReadonlySet<string> | undefined =>
    set === undefined ? undefined : new Set([...set, ...keys]);
  const attributes = extend(projection.attributes);
  const resource = extend(projection.resource);
  return {
    ...projection,
    ...(attributes === undefined ? {} : { attributes }),
    ...(resource === undefined ? {} : { resource }),
  };
}

/** True when the projection keeps this span attribute. */
export function keepsAttribute(
  projection: SpanProjection,
  key: string,
): boolean {
  const set = projection.attributes;
  return set === undefined || set.has(key) || JAEGER_STATUS_KEYS.includes(key);
}

/** The span as a reader with this projection gives it (what a full decode holds, cut down). */
export function projectSpan(span: Span, projection: SpanProjection): Span {
  const attributes = pick(span.attributes, (k) =>
    keepsAttribute(projection, k),
  );
  const resourceSet = projection.resource;
  const resource =
    resourceSet === undefined
      ? span.resource
      : pick(span.resource, (k) => resourceSet.has(k));
  return {
    ...span,
    attributes,
    resource,
    events: projection.events === false ? [] : span.events,
  };
}

function pick(attrs: Attributes, keep: (key: string) => boolean): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (keep(k)) {
      out[k] = v;
    }
  }
  return out;
}
