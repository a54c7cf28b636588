/**
 * Runs one API call per change of `key` and tracks its state; a newer call
 * aborts the older one, so a slow answer never overwrites a newer view. A
 * change of `refresh` alone (live mode's tick) calls again but keeps the
 * answer on screen until the new one arrives.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from './api-client.js';
import { useApiClient } from './api-context.js';

export type ApiState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly data: T }
  | { readonly status: 'error'; readonly error: Error };

export function useApi<T>(
  key: string,
  call: (client: ApiClient, signal: AbortSignal) => Promise<T>,
  refresh = 0,
): ApiState<T> {
  const client = useApiClient();
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' });
  const shownKey = useRef<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    if (shownKey.current !== key) {
      setState({ status: 'loading' });
    }
    call(client, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) {
          shownKey.current = key;
          setState({ status: 'ok', data });
        }
      },
      (err: unknown) => {
        if (!controller.signal.aborted) {
          shownKey.current = key;
          setState({
            status: 'error',
            error: err instanceof Error ? err : new Error(String(err)),
          });
        }
      },
    );
    return () => controller.abort();
    // `call` is a fresh closure each render; `key` names what it fetches.
  }, [client, key, refresh]);
  return state;
}
