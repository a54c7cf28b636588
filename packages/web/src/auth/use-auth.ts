/** The auth state of the app, re-rendering its users when it changes. */
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { AuthSnapshot, AuthState } from './auth-state.js';

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): { state: AuthState; snapshot: AuthSnapshot } {
  const state = useContext(AuthContext);
  if (state === null) {
    throw new Error('useAuth outside AuthContext');
  }
  const [snapshot, setSnapshot] = useState(state.snapshot());
  useEffect(() => {
    setSnapshot(state.snapshot());
    return state.subscribe(() => setSnapshot(state.snapshot()));
  }, [state]);
  return { state, snapshot };
}
