/**
 * The Compare view's URL state and the `GET /api/compare` parameters it
 * maps to. Two windows: `baselineStart`/`baselineEnd`/`candidateStart`/
 * `candidateEnd` (µs, optional `service`). Two versions: `by` (an attribute,
 * default `service.version`), `baseline`, `candidate`, and the window they
 * share: `start`/`end` (µs), or `lookback` (the last hour…, resolved by the
 * collector's clock, so a link stays "the last hour").
 */
import { isLookback } from '../../state/window-state.js';
import type { Lookback } from '../../state/window-state.js';

export type CompareMode = 'windows' | 'versions';

export interface CompareState {
  readonly mode: CompareMode;
  readonly service: string | undefined;
  readonly baselineStart: number | null;
  readonly baselineEnd: number | null;
  readonly candidateStart: number | null;
  readonly candidateEnd: number | null;
  readonly by: string;
  readonly baseline: string;
  readonly candidate: string;
  readonly start: number | null;
  readonly end: number | null;
  /** Versions within the last …; used when `start`/`end` are not both set. */
  readonly lookback: Lookback | null;
}

export const DEFAULT_COMPARE_ATTRIBUTE = 'service.version';

const MICROS_KEYS = [
  'baselineStart',
  'baselineEnd',
  'candidateStart',
  'candidateEnd',
  'start',
  'end',
] as const;

export function parseCompareState(query: URLSearchParams): CompareState {
  const micros = (key: string): number | null => {
    const text = query.get(key);
    return text !== null && /^\d+$/.test(text) ? Number(text) : null;
  };
  const mode: CompareMode =
    query.get('mode') === 'versions' ||
    (query.get('mode') === null && query.has('baseline'))
      ? 'versions'
      : 'windows';
  const service = query.get('service') ?? '';
  return {
    mode,
    service: service === '' ? undefined : service,
    baselineStart: micros('baselineStart'),
    baselineEnd: micros('baselineEnd'),
    candidateStart: micros('candidateStart'),
    candidateEnd: micros('candidateEnd'),
    by: query.get('by') ?? DEFAULT_COMPARE_ATTRIBUTE,
    baseline: query.get('baseline') ?? '',
    candidate: query.get('candidate') ?? '',
    start: micros('start'),
    end: micros('end'),
    lookback: (() => {
      const l = query.get('lookback') ?? undefined;
      return isLookback(l) ? l : null;
    })(),
  };
}

/** The API's parameters, or null while the state does not name two sides yet. */
export function formatCompareApiParams(
  state: CompareState,
): [string, string][] | null {
  const service: [string, string][] =
    state.service === undefined ? [] : [['service', state.service]];
  if (state.mode === 'windows') {
    const {
      baselineStart: bs,
      baselineEnd: be,
      candidateStart: cs,
      candidateEnd: ce,
    } = state;
    if (bs === null || be === null || cs === null || ce === null) {
      return null;
    }
    return [
      ...service,
      ['baselineStart', String(bs)],
      ['baselineEnd', String(be)],
      ['candidateStart', String(cs)],
      ['candidateEnd', String(ce)],
    ];
  }
  const window: [string, string][] | null =
    state.start !== null && state.end !== null
      ? [
          ['start', String(state.start)],
          ['end', String(state.end)],
        ]
      : state.lookback !== null
        ? [['lookback', state.lookback]]
        : null;
  if (state.baseline === '' || state.candidate === '' || window === null) {
    return null;
  }
  return [
    ...service,
    ['by', state.by],
    ['baseline', state.baseline],
    ['candidate', state.candidate],
    ...window,
  ];
}

/** The URL parameters of a state: the API's plus the mode. */
export function formatCompareUrlParams(
  state: CompareState,
): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {
    mode: state.mode,
    service: state.service,
    by: undefined,
    baseline: undefined,
    candidate: undefined,
    lookback: undefined,
  };
  for (const key of MICROS_KEYS) {
    params[key] = undefined;
  }
  for (const [key, value] of formatCompareApiParams(state) ?? []) {
    params[key] = value;
  }
  return params;
}
