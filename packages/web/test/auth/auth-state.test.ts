import { describe, expect, it } from 'vitest';
import { createAuthState } from '../../src/auth/auth-state.js';
import type { TokenStorage } from '../../src/auth/token-storage.js';

function memoryStorage(initial: string | null = null): TokenStorage & {
  value: string | null;
} {
  const storage = {
    value: initial,
    read: () => storage.value,
    save: (token: string) => {
      storage.value = token;
    },
    forget: () => {
      storage.value = null;
    },
  };
  return storage;
}

describe('createAuthState', () => {
  it('starts from the token the tab kept', () => {
    const auth = createAuthState(memoryStorage('kept'));
    expect(auth.token()).toBe('kept');
    expect(auth.snapshot()).toEqual({
      status: 'unknown',
      hasToken: true,
      generation: 0,
    });
  });

  it('asks for a token when a call without one answers 401', () => {
    const auth = createAuthState(memoryStorage());
    auth.reportUnauthorized(null);
    expect(auth.snapshot().status).toBe('needed');
  });

  it('keeps an entered token and bumps the generation so views fetch again', () => {
    const storage = memoryStorage();
    const auth = createAuthState(storage);
    let notified = 0;
    auth.subscribe(() => notified++);
    auth.reportUnauthorized(null);
    auth.setToken('s3cret');
    expect(storage.value).toBe('s3cret');
    expect(auth.token()).toBe('s3cret');
    expect(auth.snapshot()).toEqual({
      status: 'unknown',
      hasToken: true,
      generation: 1,
    });
    expect(notified).toBe(2);
  });

  it('forgets a token the collector refused and says so', () => {
    const storage = memoryStorage('wrong');
    const auth = createAuthState(storage);
    auth.reportUnauthorized('wrong');
    expect(auth.snapshot().status).toBe('rejected');
    expect(auth.token()).toBeNull();
    expect(storage.value).toBeNull();
    // the other calls that carried it change nothing more
    auth.reportUnauthorized(null);
    expect(auth.snapshot().status).toBe('rejected');
  });

  it('ignores a 401 answering a call sent with an older token', () => {
    const auth = createAuthState(memoryStorage('old'));
    auth.setToken('new');
    auth.reportUnauthorized('old');
    expect(auth.snapshot().status).toBe('unknown');
    expect(auth.token()).toBe('new');
  });

  it('forgets the token on request', () => {
    const storage = memoryStorage('kept');
    const auth = createAuthState(storage);
    auth.forgetToken();
    expect(storage.value).toBeNull();
    expect(auth.snapshot()).toEqual({
      status: 'unknown',
      hasToken: false,
      generation: 1,
    });
  });
});
