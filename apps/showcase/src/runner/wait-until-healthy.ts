import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const PROBE_TIMEOUT_MILLIS = 1_000;
const POLL_INTERVAL_MILLIS = 50;

/** Whether `url` answers 200 now. */
export function probe(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(
      url,
      { agent: false, timeout: PROBE_TIMEOUT_MILLIS },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Polls `url` until it answers 200 (true), `gaveUp()` says stop (false), or
 * the deadline passes (false).
 */
export async function waitUntilHealthy(
  url: string,
  timeoutMillis: number,
  gaveUp: () => boolean,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMillis;
  while (Date.now() < deadline && !gaveUp()) {
    if (await probe(url)) {
      return true;
    }
    await sleep(POLL_INTERVAL_MILLIS);
  }
  return false;
}
