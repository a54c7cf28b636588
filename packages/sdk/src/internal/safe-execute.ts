import { diag } from '@opentelemetry/api';

/** Reports a failure of the SDK itself; the host service never sees it. */
export function reportSdkError(what: string, error: unknown): void {
  try {
    diag.error(`@pathprof/sdk: ${what} failed`, error);
  } catch {
    // A throwing diag logger must not reach the host either.
  }
}

/** Runs `fn`; when it throws, reports the error and returns `fallback`. */
export function safeExecute<T>(what: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    reportSdkError(what, error);
    return fallback;
  }
}
