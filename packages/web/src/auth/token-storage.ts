/**
 * Where the bearer token lives: this tab's sessionStorage, so it survives
 * reloads and client navigation but not the tab. Storage can be unavailable
 * (privacy modes, sandboxed frames): then the token lives in memory only.
 */
const TOKEN_KEY = 'pathprof.token';

export interface TokenStorage {
  read(): string | null;
  save(token: string): void;
  forget(): void;
}

export function createSessionTokenStorage(): TokenStorage {
  let memory: string | null = null;
  const storage = (): Storage | null => {
    try {
      return globalThis.sessionStorage ?? null;
    } catch {
      return null;
    }
  };
  return {
    read: () => {
      try {
        return storage()?.getItem(TOKEN_KEY) ?? memory;
      } catch {
        return memory;
      }
    },
    save: (token) => {
      memory = token;
      try {
        storage()?.setItem(TOKEN_KEY, token);
      } catch {
        // memory only
      }
    },
    forget: () => {
      memory = null;
      try {
        storage()?.removeItem(TOKEN_KEY);
      } catch {
        // memory only
      }
    },
  };
}
