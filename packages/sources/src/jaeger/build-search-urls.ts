import type { Micros } from '@pathprof/model';
import { formatGoDuration, formatRfc3339Micros } from '@pathprof/model';
import type { JaegerQuery } from './jaeger-query.js';

/** A span of start times searched with one request; both ends inclusive, as Jaeger's search is. */
export interface TimeWindow {
  startMicros: Micros;
  endMicros: Micros;
}

/**
 * The v1 search URL (jaeger `cmd/query/app/query_parser.go`): `service`,
 * `operation`, `tags` (JSON map), `start`/`end` in µs, `limit`,
 * `minDuration`/`maxDuration` as Go durations.
 */
export function buildV1SearchUrl(
  query: JaegerQuery,
  window: TimeWindow,
  limit: number,
): string {
  const params: [string, string][] = [['service', query.service]];
  if (query.operation !== undefined) {
    params.push(['operation', query.operation]);
  }
  if (query.tags !== undefined) {
    params.push(['tags', JSON.stringify(query.tags)]);
  }
  params.push(
    ['start', String(window.startMicros)],
    ['end', String(window.endMicros)],
    ['limit', String(limit)],
  );
  if (query.minDurationMicros !== undefined) {
    params.push(['minDuration', formatGoDuration(query.minDurationMicros)]);
  }
  if (query.maxDurationMicros !== undefined) {
    params.push(['maxDuration', formatGoDuration(query.maxDurationMicros)]);
  }
  return `${query.baseUrl}/api/traces?${toQueryString(params)}`;
}

/**
 * The api_v3 search URL. Jaeger renamed the parameters: older HTTP gateways
 * read only snake_case (`query.service_name`, `query.num_traces`); newer ones
 * read camelCase (`query.serviceName`, `query.searchDepth`) and keep
 * snake_case as deprecated aliases due for removal (`apiv3/deprecation.go`).
 * Both spellings are sent: every version reads one of them, and a new server
 * prefers the canonical name without flagging the alias. Times are RFC 3339
 * with µs. Tags go in `query.attributes` (a JSON map), which only newer
 * servers read; older ones ignore it, so there tags do not filter.
 */
export function buildV3SearchUrl(
  query: JaegerQuery,
  window: TimeWindow,
  limit: number,
): string {
  const params: [string, string][] = [];
  const both = (camel: string, snake: string, value: string): void => {
    params.push([`query.${camel}`, value], [`query.${snake}`, value]);
  };
  both('serviceName', 'service_name', query.service);
  if (query.operation !== undefined) {
    both('operationName', 'operation_name', query.operation);
  }
  both(
    'startTimeMin',
    'start_time_min',
    formatRfc3339Micros(window.startMicros),
  );
  both('startTimeMax', 'start_time_max', formatRfc3339Micros(window.endMicros));
  both('searchDepth', 'num_traces', String(limit));
  if (query.minDurationMicros !== undefined) {
    both(
      'durationMin',
      'duration_min',
      formatGoDuration(query.minDurationMicros),
    );
  }
  if (query.maxDurationMicros !== undefined) {
    both(
      'durationMax',
      'duration_max',
      formatGoDuration(query.maxDurationMicros),
    );
  }
  if (query.tags !== undefined) {
    params.push(['query.attributes', JSON.stringify(query.tags)]);
  }
  return `${query.baseUrl}/api/v3/traces?${toQueryString(params)}`;
}

function toQueryString(params: readonly [string, string][]): string {
  return params
    .map(
      ([key, value]) =>
        `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
    )
    .join('&');
}
