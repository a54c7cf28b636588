/**
 * Runs one API call per change of `key` and tracks its state; a newer call
 * aborts the older one, so a slow answer never overwrites a newer view.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from './api-client.js';
import { useApiClient } from './api-context.js';

export type ApiState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly data: T }
  | { readonly status: 'error'; readonly error: Error };

export function useApi<T>(
  key: string,
  call: (client: ApiClient, signal: AbortSignal) => Promise<T>,
): ApiState<T> {
  const client = useApiClient();
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    call(client, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) {
          setState({ status: 'ok', data });
        }
      },
      (err: unknown) => {
        if (!controller.signal.aborted) {
          setState({
            status: 'error',
            error: err instanceof Error ? err : new Error(String(err)),
          });
        }
      },
    );
    return () => controller.abort();
    // `call` is a fresh closure each render; `key` names what it fetches.
  }, [client, key]);
  return state;
}
