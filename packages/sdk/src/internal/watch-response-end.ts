import type { ServerResponse } from 'node:http';
import { reportSdkError } from './safe-execute.js';

type End = ServerResponse['end'];
type AnyEnd = (this: ServerResponse, ...args: unknown[]) => ServerResponse;

/**
 * Calls `onEnd` with `performance.now()` when the host first calls
 * `res.end()`, before the call hands the answer's last bytes to the socket.
 * That is the moment a server span must end to stay inside its caller's
 * CLIENT span: the caller, another process on another core, may have the
 * answer before `res.end()` returns, and Node's 'finish' and 'close' events
 * come later still (after the write callback and the other listeners). The
 * method is wrapped on this response object only, as OpenTelemetry's HTTP
 * instrumentation does; `onEnd` never throws into the host.
 */
export function watchResponseEnd(
  res: ServerResponse,
  onEnd: (atMillis: number) => void,
): void {
  // Called below with the response as `this`, as the host would have.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const end = res.end as unknown as AnyEnd;
  let called = false;
  const watched = function (this: ServerResponse, ...args: unknown[]) {
    if (!called) {
      called = true;
      try {
        onEnd(performance.now());
      } catch (error) {
        reportSdkError('noting the end of a response', error);
      }
    }
    return end.apply(this, args);
  };
  res.end = watched as End;
}
