import { formatWindowParams, parseWindowState } from './window-state.js';
import type { WindowState } from './window-state.js';
import { useUrlQuery } from './use-url-query.js';

const WINDOW_KEYS = ['service', 'lookback', 'start', 'end'] as const;

/** The shared window and service filter of the current URL, and a setter that keeps the view's other parameters. */
export function useWindowState(): {
  readonly state: WindowState;
  readonly params: [string, string][];
  readonly setState: (next: WindowState) => void;
} {
  const { query, update } = useUrlQuery();
  const state = parseWindowState(query);
  return {
    state,
    params: formatWindowParams(state),
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
