/**
 * Decides which spans of a trace are hops and reads their metrics:
 * - pathprof SDK hop spans (`pathprof.hop`), and the seed's `<fn>_summary`
 *   spans with metrics from their `<fn>_performance_metrics` child;
 * - in a trace with neither, service entry spans (SERVER/CONSUMER, or a
 *   parent in another service);
 * - proxy spans only when asked to keep them.
 */
import {
  HOP_ATTR,
  HOP_CPU_MS_ATTR,
  HOP_MEMORY_BYTES_ATTR,
  HOP_NAME_ATTR,
  SEED_CPU_MS_ATTR,
  SEED_FUNCTION_NAME_ATTR,
  SEED_METRICS_SUFFIX,
  SEED_PEAK_MEM_KB_ATTR,
  SEED_SUMMARY_SUFFIX,
} from '@pathprof/model';
import type { Attributes, Span } from '@pathprof/model';
import type { TraceNode, TraceTree } from '../tree/trace-tree.js';
import type { Hop, HopErrorSource, HopSource } from './hop-tree.js';
import { uint8s } from '../internal/typed-slab.js';

export interface RecognisedHops {
  /** Hop per node, undefined for non-hop nodes. */
  readonly hopOf: readonly (Hop | undefined)[];
  readonly proxy: Uint8Array;
  /** True when the trace carries profiled hops (SDK or seed). */
  readonly profiled: boolean;
}

/** What a node is, as far as hops go (see recogniseHops). */
const PROXY = 1;
const SDK_HOP = 2;
const SEED_SUMMARY = 3;

export function recogniseHops(
  tree: TraceTree,
  keepProxies: boolean,
  isProxy: (span: Span) => boolean,
): RecognisedHops {
  const { nodes } = tree;
  const n = nodes.length;
  const proxy = uint8s(n);
  const role = uint8s(n);
  let profiled = false;
  for (let i = 0; i < n; i++) {
    const span = nodes[i]!.span;
    if (isProxy(span)) {
      proxy[i] = 1;
      role[i] = PROXY;
    } else if (isSdkHop(span)) {
      role[i] = SDK_HOP;
      profiled = true;
    } else if (span.operation.endsWith(SEED_SUMMARY_SUFFIX)) {
      role[i] = SEED_SUMMARY;
      profiled = true;
    }
  }
  const hopOf: (Hop | undefined)[] = new Array<Hop | undefined>(n);
  for (let i = 0; i < n; i++) {
    let source: HopSource | undefined;
    switch (role[i]) {
      case PROXY:
        source = keepProxies && isEntry(nodes, i, true) ? 'proxy' : undefined;
        break;
      case SDK_HOP:
        source = 'sdk';
        break;
      case SEED_SUMMARY:
        source = 'seed';
        break;
      default:
        source =
          !profiled &&
          isEntry(nodes, i, true) &&
          !nodes[i]!.span.operation.endsWith(SEED_METRICS_SUFFIX)
            ? 'entry'
            : undefined;
    }
    if (source !== undefined) {
      hopOf[i] = readHop(nodes, i, source);
    }
  }
  return { hopOf, proxy, profiled };
}

function isSdkHop(span: Span): boolean {
  const marker = span.attributes[HOP_ATTR];
  return (
    marker === true ||
    marker === 'true' ||
    span.attributes[HOP_NAME_ATTR] !== undefined
  );
}

/**
 * A service entry: SERVER/CONSUMER kind, a span whose parent is in another
 * service, or a root — of any kind when `rootsOfAnyKind` (a load generator's,
 * a cron job's or a browser's CLIENT/PRODUCER root is where the request
 * began), else only when it is not a CLIENT or PRODUCER span.
 */
export function isEntry(
  nodes: readonly TraceNode[],
  i: number,
  rootsOfAnyKind = false,
): boolean {
  const node = nodes[i]!;
  const kind = node.span.kind;
  if (kind === 'server' || kind === 'consumer') {
    return true;
  }
  if (node.parent < 0) {
    return rootsOfAnyKind || (kind !== 'client' && kind !== 'producer');
  }
  return nodes[node.parent]!.span.service !== node.span.service;
}

function readHop(
  nodes: readonly TraceNode[],
  i: number,
  source: HopSource,
): Hop {
  const node = nodes[i]!;
  const span = node.span;
  let name = span.operation;
  let cpuMs = numberAttr(span.attributes, HOP_CPU_MS_ATTR);
  let memoryBytes = numberAttr(span.attributes, HOP_MEMORY_BYTES_ATTR);
  let errorSpan = isErrorSpan(span) ? span : undefined;
  if (source === 'sdk') {
    const hopName = span.attributes[HOP_NAME_ATTR];
    if (typeof hopName === 'string' && hopName !== '') {
      name = hopName;
    }
  } else if (source === 'seed') {
    name = span.operation.slice(0, -SEED_SUMMARY_SUFFIX.length);
    const metrics = findSeedMetrics(nodes, node);
    if (metrics !== undefined) {
      const fn = metrics.attributes[SEED_FUNCTION_NAME_ATTR];
      if (typeof fn === 'string' && fn !== '') {
        name = fn;
      }
      cpuMs = numberAttr(metrics.attributes, SEED_CPU_MS_ATTR);
      const kb = numberAttr(metrics.attributes, SEED_PEAK_MEM_KB_ATTR);
      memoryBytes = kb === undefined ? undefined : kb * 1024;
      if (errorSpan === undefined && isErrorSpan(metrics)) {
        errorSpan = metrics;
      }
    }
  }
  return {
    node: i,
    service: span.service,
    name,
    label: `${span.service}:${name}`,
    source,
    startMicros: node.startMicros,
    endMicros: node.endMicros,
    cpuMicros: cpuMs === undefined ? undefined : cpuMs * 1000,
    memoryBytes,
    error: errorSpan !== undefined,
    ...(errorSpan === undefined
      ? {}
      : { errorSource: describeErrorSource('own', errorSpan) }),
  };
}

export function describeErrorSource(
  carrier: HopErrorSource['carrier'],
  span: Span,
): HopErrorSource {
  return {
    carrier,
    spanId: span.spanId,
    service: span.service,
    operation: span.operation,
  };
}

function findSeedMetrics(
  nodes: readonly TraceNode[],
  summary: TraceNode,
): Span | undefined {
  for (const c of summary.children) {
    const span = nodes[c]!.span;
    if (span.operation.endsWith(SEED_METRICS_SUFFIX)) {
      return span;
    }
  }
  return undefined;
}

function numberAttr(attrs: Attributes, key: string): number | undefined {
  const v = attrs[key];
  if (typeof v === 'number') {
    return Number.isFinite(v) ? v : undefined;
  }
  if (typeof v === 'string' && v !== '') {
    const parsed = Number(v);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** Error status, an `error` tag, or an HTTP 5xx answer. */
export function isErrorSpan(span: Span): boolean {
  if (span.status === 'error') {
    return true;
  }
  const attrs = span.attributes;
  const err = attrs['error'];
  if (err === true || err === 'true') {
    return true;
  }
  const status =
    attrs['http.status_code'] ?? attrs['http.response.status_code'];
  const code = typeof status === 'string' ? Number(status) : status;
  return typeof code === 'number' && code >= 500;
}
