/**
 * The parameters of Jaeger's Service Performance Monitoring API, as its
 * query service reads them (jaeger `query_parser.go`, `parseMetricsQueryParams`):
 * `service` (required, repeatable), `groupByOperation` (Go boolean),
 * `spanKind` (repeatable; default server), `endTs` (ms, default now),
 * `lookback`, `step`, `ratePer` (ms; defaults 1 h, 5 s, 10 min) and, for
 * latencies, `quantile`. The Jaeger UI joins several services as
 * `service=a,service=b`; that form is split too.
 */
import { badParam } from '../collector-error.js';
import type { SpanKind } from '@pathprof/model';
import { SPAN_KINDS } from '@pathprof/model';
import type { QueryParams } from '../request-params/query-params.js';
import {
  parseInteger,
  readAllParams,
  readParam,
} from '../request-params/query-params.js';

export const DEFAULT_METRICS_LOOKBACK_MILLIS = 3_600_000;
export const DEFAULT_METRICS_STEP_MILLIS = 5_000;
export const DEFAULT_METRICS_RATE_PER_MILLIS = 600_000;
/** The smallest step answered (`/api/metrics/minstep`). */
export const MIN_METRICS_STEP_MILLIS = 1_000;
/** Most points per series, as Prometheus bounds a range query. */
export const MAX_METRICS_POINTS = 11_000;

const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const GO_FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

export interface MetricsQuery {
  readonly services: readonly string[];
  readonly groupByOperation: boolean;
  readonly spanKinds: readonly SpanKind[];
  readonly endMillis: number;
  readonly lookbackMillis: number;
  readonly stepMillis: number;
  readonly ratePerMillis: number;
}

export function parseMetricsParams(
  query: QueryParams,
  nowMillis: number,
): MetricsQuery {
  const services = readAllParams(query, 'service')
    .flatMap((s) => s.split(',service='))
    .filter((s) => s !== '');
  if (services.length === 0) {
    throw badParam(
      "unable to parse param 'service': please provide at least one service name",
    );
  }
  const kindTexts = readAllParams(query, 'spanKind');
  const spanKinds =
    kindTexts.length === 0
      ? (['server'] as const)
      : kindTexts.map((text) => {
          const kind = SPAN_KINDS.find((k) => k === text.toLowerCase());
          if (kind === undefined) {
            throw badParam(
              `unable to parse param 'spanKind': unsupported span kind: '${text}'`,
            );
          }
          return kind;
        });
  const stepMillis = millis(query, 'step', DEFAULT_METRICS_STEP_MILLIS);
  const lookbackMillis = millis(
    query,
    'lookback',
    DEFAULT_METRICS_LOOKBACK_MILLIS,
  );
  if (stepMillis < MIN_METRICS_STEP_MILLIS) {
    throw badParam(
      `unable to parse param 'step': ${stepMillis} ms is below the smallest step, ${MIN_METRICS_STEP_MILLIS} ms`,
    );
  }
  if (lookbackMillis / stepMillis > MAX_METRICS_POINTS) {
    throw badParam(
      `lookback / step gives more than ${MAX_METRICS_POINTS} points; raise 'step' or shorten 'lookback'`,
    );
  }
  const endText = readParam(query, 'endTs');
  return {
    services,
    groupByOperation: goBool(query, 'groupByOperation'),
    spanKinds,
    endMillis:
      endText === undefined ? nowMillis : mustBeInteger(endText, 'endTs'),
    lookbackMillis,
    stepMillis,
    ratePerMillis: Math.max(
      1,
      millis(query, 'ratePer', DEFAULT_METRICS_RATE_PER_MILLIS),
    ),
  };
}

/** `quantile`, required by the latencies route: a number in (0, 1]. */
export function parseQuantile(query: QueryParams): number {
  const text = readParam(query, 'quantile') ?? '';
  const q = Number(text);
  if (text === '' || !Number.isFinite(q) || q <= 0 || q > 1) {
    throw badParam(
      `unable to parse param 'quantile': "${text}" is not a number in (0, 1]`,
    );
  }
  return q;
}

function millis(query: QueryParams, name: string, fallback: number): number {
  const text = readParam(query, name);
  if (text === undefined) {
    return fallback;
  }
  const value = mustBeInteger(text, name);
  if (value <= 0) {
    throw badParam(
      `unable to parse param '${name}': ${value} ms is not positive`,
    );
  }
  return value;
}

function mustBeInteger(text: string, name: string): number {
  const value = parseInteger(text);
  if (value === null) {
    throw badParam(
      `unable to parse param '${name}': "${text}" is not an integer`,
    );
  }
  return value;
}

function goBool(query: QueryParams, name: string): boolean {
  const text = readParam(query, name);
  if (text === undefined || GO_FALSE.includes(text)) {
    return false;
  }
  if (GO_TRUE.includes(text)) {
    return true;
  }
  throw badParam(`unable to parse param '${name}': "${text}" is not a boolean`);
}
