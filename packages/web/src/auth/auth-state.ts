/**
 * What the UI knows about the collector's bearer token: the token to send,
 * whether the collector asked for one ('needed': a 401 without a token) or
 * refused the one sent ('rejected', and it is forgotten), and a generation
 * that grows whenever the token changes so the views fetch again.
 *
 * A 401 answering a request sent with an older token is ignored: the user
 * may have entered a new one while it was in flight.
 */
import type { TokenStorage } from './token-storage.js';

export type AuthStatus = 'unknown' | 'needed' | 'rejected';

export interface AuthSnapshot {
  readonly status: AuthStatus;
  readonly hasToken: boolean;
  readonly generation: number;
}

/** Plain functions (no `this`), so they can be handed out one by one. */
export interface AuthState {
  readonly token: () => string | null;
  readonly snapshot: () => AuthSnapshot;
  readonly setToken: (token: string) => void;
  readonly forgetToken: () => void;
  /** Called by the API client when an answer is 401; `sentToken` is what that request carried. */
  readonly reportUnauthorized: (sentToken: string | null) => void;
  readonly subscribe: (listener: () => void) => () => void;
}

export function createAuthState(storage: TokenStorage): AuthState {
  let token = storage.read();
  let snap: AuthSnapshot = {
    status: 'unknown',
    hasToken: token !== null,
    generation: 0,
  };
  const listeners = new Set<() => void>();
  const update = (status: AuthStatus, bump: boolean): void => {
    snap = {
      status,
      hasToken: token !== null,
      generation: snap.generation + (bump ? 1 : 0),
    };
    listeners.forEach((l) => l());
  };
  return {
    token: () => token,
    snapshot: () => snap,
    setToken: (value) => {
      token = value;
      storage.save(value);
      update('unknown', true);
    },
    forgetToken: () => {
      token = null;
      storage.forget();
      update('unknown', true);
    },
    reportUnauthorized: (sentToken) => {
      if (sentToken !== token) {
        return;
      }
      if (token !== null) {
        token = null;
        storage.forget();
        update('rejected', false);
      } else if (snap.status === 'unknown') {
        update('needed', false);
      }
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
