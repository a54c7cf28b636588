import { useEffect, useState } from 'preact/hooks';
import {
  formatApiWindowParams,
  formatWindowParams,
  LIVE_INTERVAL_MS,
  parseWindowState,
} from './window-state.js';
import type { WindowState } from './window-state.js';
import { useUrlQuery } from './use-url-query.js';

const WINDOW_KEYS = ['service', 'lookback', 'start', 'end', 'live'] as const;

/**
 * The shared window and service filter of the current URL, and a setter that
 * keeps the view's other parameters. `params` go into links (live mode
 * included), `apiParams` to the API.
 */
export function useWindowState(): {
  readonly state: WindowState;
  readonly params: [string, string][];
  readonly apiParams: [string, string][];
  readonly setState: (next: WindowState) => void;
} {
  const { query, update } = useUrlQuery();
  const state = parseWindowState(query);
  return {
    state,
    params: formatWindowParams(state),
    apiParams: formatApiWindowParams(state),
    setState: (next) => {
      const changes: Record<string, string | undefined> = {};
      for (const key of WINDOW_KEYS) {
        changes[key] = undefined;
      }
      for (const [key, value] of formatWindowParams(next)) {
        changes[key] = value;
      }
      update(changes);
    },
  };
}

/** A number that grows every LIVE_INTERVAL_MS while the window is live: views refetch on it. */
export function useLiveTick(live: boolean | undefined): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (live !== true) {
      return undefined;
    }
    const timer = setInterval(() => setTick((t) => t + 1), LIVE_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [live]);
  return tick;
}
