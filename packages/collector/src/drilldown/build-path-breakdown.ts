/**
 * A path's latency and errors split by an attribute, as Tempo's Drilldown
 * breaks a span set down: an unbiased sample of the path's requests (the
 * smallest trace-id hashes, so the same window gives the same sample) is
 * read whole, each trace analysed by the engine, and each request grouped
 * by the values the attribute takes on its hop spans — the resource's
 * (`service.version`, `k8s.pod.name`) or the span's own
 * (`http.response.status_code`). The attributes offered are the ones the
 * sample's hop spans carry. What a sample read yields is kept for the next
 * split over the same sample (readCachedSample).
 *
 * A request's value: the distinct values on its hops in path order, joined
 * by " → " (one value when every hop agrees), or on one hop when a position
 * is chosen; null when no hop carries the attribute.
 */
import { createHash } from 'node:crypto';
import {
  analyzeTrace,
  Distribution,
  KEY_BY_SERVICE_AND_OPERATION,
} from '@pathprof/engine';
import type { TraceAnalysis } from '@pathprof/engine';
import {
  HOP_ATTR,
  PATH_SEPARATOR,
  SEED_CPU_MS_ATTR,
  SEED_EXEC_MS_ATTR,
  SEED_FUNCTION_NAME_ATTR,
  SEED_PEAK_MEM_KB_ATTR,
} from '@pathprof/model';
import type {
  AttributeOffer,
  AttributeValue,
  BreakdownGroup,
  PathBreakdownReport,
  Span,
  TraceId,
} from '@pathprof/model';
import type { SpanStore } from '@pathprof/store';
import type { ProfileQuery } from '../paths/profile-stored-traces.js';
import { BoundedCache } from '../path-index/bounded-cache.js';
import type { IndexWindow } from '../path-index/path-index-windows.js';
import { describeWindowVersions } from '../path-index/path-index-windows.js';
import { searchWindowRecords } from './find-path-requests.js';

export const DEFAULT_BREAKDOWN_SAMPLE = 1000;
export const MAX_BREAKDOWN_SAMPLE = 5000;
/**
 * Traces read per store call: the default sample in one. A sample spreads
 * over the whole window, so each read scans the window's spans; on a
 * 100k-trace DuckDB store one read of 1 000 took 2.3 s, four of 250 took 6 s.
 */
const TRACES_PER_READ = DEFAULT_BREAKDOWN_SAMPLE;
/** Distinct values counted per offered attribute. */
const MAX_COUNTED_VALUES = 100;
const EXEMPLARS = 3;
export const VALUE_SEPARATOR = ' → ';

/** Offered first, in this order, when the hops carry them. */
const WELL_KNOWN = [
  'service.version',
  'deployment.environment.name',
  'deployment.environment',
  'k8s.pod.name',
  'k8s.node.name',
  'k8s.namespace.name',
  'host.name',
  'service.instance.id',
  'http.response.status_code',
  'http.status_code',
  'http.route',
  'http.request.method',
  'http.method',
  'cloud.region',
  'cloud.availability_zone',
];
/** Attributes that say how pathprof found a hop, not what the request was. */
const NOT_OFFERED = new Set([
  'service.name',
  SEED_FUNCTION_NAME_ATTR,
  SEED_CPU_MS_ATTR,
  SEED_EXEC_MS_ATTR,
  SEED_PEAK_MEM_KB_ATTR,
]);

export interface BreakdownQuery {
  readonly key: string;
  readonly by?: string;
  /** 0-based position whose hop spans give the value. */
  readonly position?: number;
  readonly sample: number;
}

interface Group {
  count: number;
  errors: number;
  durations: Distribution;
  slowest: { traceId: string; micros: number }[];
}

/** What a breakdown reads of one sampled request: its record and its hops' attributes, per position. */
interface SampledRequest {
  readonly traceId: string;
  readonly durationMicros: number;
  readonly error: boolean;
  readonly spans: readonly (readonly HopAttributes[])[];
}

type HopAttributes = Pick<Span, 'attributes' | 'resource'>;

/**
 * The last samples read, per store: the UI asks for the attributes on offer
 * and then for a split, and each split chosen after asks again, all over the
 * same sample. Keyed by the sampled trace ids and the versions of the path
 * index's windows over the window (so a trace grown by a late span is read
 * again); where the path index does not apply nothing is kept. An entry holds the hop
 * spans' attributes of at most MAX_BREAKDOWN_SAMPLE requests (about 1 MiB
 * per 1 000 on the benchmark's store).
 */
const SAMPLES_PER_STORE = 4;
const samplesByStore = new WeakMap<SpanStore, BoundedCache<SampledRequest[]>>();

export async function buildPathBreakdown(
  store: SpanStore,
  window: ProfileQuery,
  query: BreakdownQuery,
): Promise<PathBreakdownReport> {
  const page = await searchWindowRecords(store, window, {
    key: query.key,
    orderBy: 'sample',
    limit: query.sample,
  });
  const ids = page.records.map((r) => r.traceId);
  const requests =
    page.windows === null
      ? await readSample(store, window, query.key, ids)
      : await readCachedSample(store, window, query.key, ids, page.windows);
  const offers = new Map<
    string,
    { scope: 'resource' | 'span'; values: Set<string> }
  >();
  const groups = new Map<string | null, Group>();
  for (const request of requests) {
    const spans = request.spans;
    offerAttributes(spans, offers);
    if (query.by === undefined) {
      continue;
    }
    const chosen =
      query.position === undefined ? spans : [spans[query.position] ?? []];
    const value = valueOf(chosen, query.by);
    let group = groups.get(value);
    if (group === undefined) {
      group = {
        count: 0,
        errors: 0,
        durations: new Distribution(),
        slowest: [],
      };
      groups.set(value, group);
    }
    group.count++;
    group.errors += request.error ? 1 : 0;
    group.durations.add(request.durationMicros);
    group.slowest.push({
      traceId: request.traceId,
      micros: request.durationMicros,
    });
    if (group.slowest.length > 4 * EXEMPLARS) {
      keepSlowest(group);
    }
  }
  const sampled = requests.length;
  const position = query.position ?? null;
  return {
    key: query.key,
    by: query.by ?? null,
    position,
    hop:
      position === null
        ? null
        : (query.key.split(PATH_SEPARATOR)[position] ?? null),
    total: page.total,
    sampled,
    attributes: rankOffers(offers),
    groups: [...groups]
      .map(([value, g]): BreakdownGroup => {
        keepSlowest(g);
        return {
          value,
          count: g.count,
          errors: g.errors,
          errorShare: g.errors / g.count,
          durationMicros: g.durations.summarize(),
          exemplars: g.slowest.map((s) => s.traceId),
        };
      })
      .sort(
        (a, b) =>
          b.count - a.count ||
          (a.value === null ? 1 : b.value === null ? -1 : 0) ||
          ((a.value ?? '') < (b.value ?? '') ? -1 : 1),
      ),
  };
}

async function readCachedSample(
  store: SpanStore,
  window: ProfileQuery,
  key: string,
  ids: readonly TraceId[],
  windows: readonly IndexWindow[],
): Promise<SampledRequest[]> {
  const versions = describeWindowVersions(windows);
  const traces = createHash('sha256').update(ids.join(',')).digest('hex');
  const options = `${(window.pathKey ?? KEY_BY_SERVICE_AND_OPERATION).name}|${window.keepProxies ?? false}`;
  let cache = samplesByStore.get(store);
  if (cache === undefined) {
    cache = new BoundedCache(SAMPLES_PER_STORE);
    samplesByStore.set(store, cache);
  }
  return await cache.answer(
    JSON.stringify([key, options, traces, versions]),
    () => readSample(store, window, key, ids),
  );
}

/** Reads the traces `ids` whole and keeps what a breakdown needs of the path `key` in each. */
async function readSample(
  store: SpanStore,
  window: ProfileQuery,
  key: string,
  ids: readonly TraceId[],
): Promise<SampledRequest[]> {
  const options = {
    pathKey: window.pathKey ?? KEY_BY_SERVICE_AND_OPERATION,
    keepProxies: window.keepProxies ?? false,
  };
  const out: SampledRequest[] = [];
  for (let i = 0; i < ids.length; i += TRACES_PER_READ) {
    const traces = await store.getTraces(ids.slice(i, i + TRACES_PER_READ));
    for (const trace of traces) {
      const analysis = analyzeTrace(trace.traceId, trace.spans, options);
      const record = analysis.records.find((r) => r.key === key);
      if (record !== undefined) {
        out.push({
          traceId: trace.traceId,
          durationMicros: record.durationMicros,
          error: record.error,
          spans: listHopSpans(analysis, key).map((list) =>
            list.map((span) => ({
              attributes: span.attributes,
              resource: span.resource,
            })),
          ),
        });
      }
    }
  }
  return out;
}

/** Per position of the path `key` in this trace: the spans of its hops (every call path with the key). */
function listHopSpans(analysis: TraceAnalysis, key: string): Span[][] {
  const out: Span[][] = [];
  for (const path of analysis.callPaths) {
    if (path.key !== key) {
      continue;
    }
    path.positions.forEach((hops, i) => {
      const list = out[i] ?? [];
      for (const h of hops) {
        const node = analysis.hopTree.hops[h]!.node;
        const span = analysis.tree.nodes[node]!.span;
        if (!list.includes(span)) {
          list.push(span);
        }
      }
      out[i] = list;
    });
  }
  return out;
}

/** An attribute value as a tag search compares it: numbers as printed, arrays as JSON. */
function textOf(value: AttributeValue): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function valueOf(
  spans: readonly (readonly HopAttributes[])[],
  by: string,
): string | null {
  const seen: string[] = [];
  for (const list of spans) {
    for (const span of list) {
      const v = span.attributes[by] ?? span.resource[by];
      if (v !== undefined) {
        const text = textOf(v);
        if (!seen.includes(text)) {
          seen.push(text);
        }
      }
    }
  }
  return seen.length === 0 ? null : seen.join(VALUE_SEPARATOR);
}

/** Counts, per attribute the request's hop spans carry, the request's value: the groups a split would make. */
function offerAttributes(
  spans: readonly (readonly HopAttributes[])[],
  offers: Map<string, { scope: 'resource' | 'span'; values: Set<string> }>,
): void {
  const scopes = new Map<string, 'resource' | 'span'>();
  for (const list of spans) {
    for (const span of list) {
      for (const [scope, attributes] of [
        ['span', span.attributes],
        ['resource', span.resource],
      ] as const) {
        for (const key of Object.keys(attributes)) {
          if (
            !NOT_OFFERED.has(key) &&
            key !== HOP_ATTR &&
            !key.startsWith(`${HOP_ATTR}.`) &&
            !scopes.has(key)
          ) {
            scopes.set(key, scope);
          }
        }
      }
    }
  }
  for (const [key, scope] of scopes) {
    let offer = offers.get(key);
    if (offer === undefined) {
      offer = { scope, values: new Set() };
      offers.set(key, offer);
    }
    if (offer.values.size <= MAX_COUNTED_VALUES) {
      offer.values.add(valueOf(spans, key) ?? '');
    }
  }
}

function rankOffers(
  offers: Map<string, { scope: 'resource' | 'span'; values: Set<string> }>,
): AttributeOffer[] {
  const rank = (key: string): number => {
    const i = WELL_KNOWN.indexOf(key);
    return i < 0 ? WELL_KNOWN.length : i;
  };
  return [...offers]
    .map(([key, o]) => ({
      key,
      scope: o.scope,
      distinctValues: o.values.size,
    }))
    .sort(
      (a, b) =>
        rank(a.key) - rank(b.key) ||
        Number(a.distinctValues < 2) - Number(b.distinctValues < 2) ||
        (a.key < b.key ? -1 : 1),
    );
}

function keepSlowest(group: Group): void {
  group.slowest = group.slowest
    .sort((a, b) => b.micros - a.micros || (a.traceId < b.traceId ? -1 : 1))
    .slice(0, EXEMPLARS);
}
