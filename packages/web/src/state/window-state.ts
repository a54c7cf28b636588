/**
 * The time window and service filter every view shares, as URL query
 * parameters: `lookback=1h` (relative to now, like Jaeger's menu) or
 * `start`/`end` in µs (absolute), plus `service`, and `live=1` to refresh
 * a lookback window every few seconds (off by default; an absolute window
 * never moves, so it is never live). Parsing never throws: an unknown value
 * falls back to the default.
 */
export const LOOKBACKS = [
  '5m',
  '15m',
  '1h',
  '2h',
  '6h',
  '12h',
  '1d',
  '2d',
] as const;
export type Lookback = (typeof LOOKBACKS)[number];
export const DEFAULT_LOOKBACK: Lookback = '1h';

export type TimeWindow =
  | { readonly kind: 'lookback'; readonly lookback: Lookback }
  | {
      readonly kind: 'absolute';
      readonly startMicros: number;
      readonly endMicros: number;
    };

export interface WindowState {
  readonly window: TimeWindow;
  readonly service: string | undefined;
  /** Refresh every LIVE_INTERVAL_MS; only with a lookback window. */
  readonly live?: boolean;
}

export const LIVE_INTERVAL_MS = 5000;

const LOOKBACK_SECONDS: Readonly<Record<Lookback, number>> = {
  '5m': 300,
  '15m': 900,
  '1h': 3600,
  '2h': 7200,
  '6h': 21_600,
  '12h': 43_200,
  '1d': 86_400,
  '2d': 172_800,
};

export function isLookback(text: string | undefined): text is Lookback {
  return (LOOKBACKS as readonly string[]).includes(text ?? '');
}

export function parseWindowState(query: URLSearchParams): WindowState {
  const service = query.get('service') ?? '';
  const start = parseMicros(query.get('start'));
  const end = parseMicros(query.get('end'));
  const lookback = query.get('lookback') ?? undefined;
  const window: TimeWindow =
    start !== null && end !== null && start <= end
      ? { kind: 'absolute', startMicros: start, endMicros: end }
      : {
          kind: 'lookback',
          lookback: isLookback(lookback) ? lookback : DEFAULT_LOOKBACK,
        };
  return {
    window,
    service: service === '' ? undefined : service,
    ...(window.kind === 'lookback' && query.get('live') === '1'
      ? { live: true }
      : {}),
  };
}

/** The parameters for the URL and for the API (both take the same names). */
export function formatWindowParams(state: WindowState): [string, string][] {
  const params: [string, string][] = [];
  if (state.service !== undefined) {
    params.push(['service', state.service]);
  }
  if (state.window.kind === 'lookback') {
    params.push(['lookback', state.window.lookback]);
  } else {
    params.push(['start', String(state.window.startMicros)]);
    params.push(['end', String(state.window.endMicros)]);
  }
  if (state.live === true && state.window.kind === 'lookback') {
    params.push(['live', '1']);
  }
  return params;
}

/** The parameters the API takes: the window and service, without `live`. */
export function formatApiWindowParams(state: WindowState): [string, string][] {
  return formatWindowParams({ ...state, live: false });
}

export function computeWindowSeconds(window: TimeWindow): number {
  return window.kind === 'lookback'
    ? LOOKBACK_SECONDS[window.lookback]
    : (window.endMicros - window.startMicros) / 1e6;
}

function parseMicros(text: string | null): number | null {
  if (text === null || !/^\d+$/.test(text)) {
    return null;
  }
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}
