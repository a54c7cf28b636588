import type { IncomingMessage, ServerResponse } from 'node:http';
import { isThenable } from '../internal/is-thenable.js';
import { safeExecute } from '../internal/safe-execute.js';
import { runUnmetered } from '../hops/slice-meter.js';
import { startRequestHop } from './server-hop.js';

/** A hop name, or a function naming the hop of each request. */
export type HopNamer<Req> = string | ((req: Req) => string);

export function nameOf<Req>(namer: HopNamer<Req>, req: Req): string {
  if (typeof namer === 'string') {
    return namer;
  }
  const name = safeExecute('naming a hop', () => namer(req), '');
  return typeof name === 'string' && name !== '' ? name : 'request';
}

/**
 * Wraps a `node:http` request listener so that each request is a hop: its
 * context is extracted from the request headers (W3C, B3 single or multi,
 * Jaeger), `handler` runs in it, and the hop ends when both the handler (or
 * its promise) and the response are done. Errors of `handler` are recorded
 * on the hop and reach the host unchanged: a synchronous throw is rethrown; for
 * an async handler the listener returns (typed `void`, as Node's listeners
 * are) a promise that settles like the handler's, so a rejection stays an
 * unhandled rejection unless the caller handles it.
 *
 * @example
 * http.createServer(profileHttpHandler('a1', async (req, res) => { … }));
 */
export function profileHttpHandler<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
>(
  name: HopNamer<Req>,
  handler: (req: Req, res: Res) => unknown,
): (req: Req, res: Res) => void {
  const listener = function pathprofHttpListener(
    req: Req,
    res: Res,
  ): Promise<void> | undefined {
    const hop = safeExecute(
      'starting a request hop',
      () => startRequestHop(nameOf(name, req), req, res),
      undefined,
    );
    if (hop === undefined) {
      const plain = handler(req, res);
      return isThenable(plain)
        ? Promise.resolve(plain).then(() => {})
        : undefined;
    }
    hop.hold();
    let result: unknown;
    try {
      result = hop.run(() => handler(req, res));
    } catch (error) {
      hop.fail(error);
      hop.release();
      throw error;
    }
    if (!isThenable(result)) {
      hop.release();
      return undefined;
    }
    const pending = result;
    return runUnmetered(() =>
      Promise.resolve(pending).then(
        () => hop.release(),
        (error: unknown) => {
          hop.fail(error);
          hop.release();
          throw error;
        },
      ),
    );
  };
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- typed as Node's listener; the promise is a courtesy to callers that want it
  return listener;
}
