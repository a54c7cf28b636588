import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import type { Attributes, Context } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import type { ActiveHop } from '../hops/start-hop.js';
import { startHop } from '../hops/start-hop.js';
import { reportSdkError } from '../internal/safe-execute.js';
import { watchResponseEnd } from '../internal/watch-response-end.js';
import { extractFromLowercaseHeaders } from '../propagation/extract-context.js';
import type { LowercaseHeaders } from '../propagation/header-carrier.js';

/**
 * The parent of a request's hop: the active span when one is already open for
 * this request (HTTP server instrumentation, an outer middleware), else the
 * context of the request's headers.
 */
function parentOf(req: IncomingMessage): { parent: Context; entry: boolean } {
  const active = context.active();
  const spanContext = trace.getSpan(active)?.spanContext();
  if (
    spanContext !== undefined &&
    isSpanContextValid(spanContext) &&
    !spanContext.isRemote
  ) {
    return { parent: active, entry: false };
  }
  return {
    parent: extractFromLowercaseHeaders(
      req.headers as LowercaseHeaders,
      ROOT_CONTEXT,
    ),
    entry: true,
  };
}

function pathOf(url: string | undefined): string {
  if (url === undefined) {
    return '/';
  }
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/**
 * Starts the hop of one HTTP request and holds it until the response is
 * complete (or the connection closed). The hop is a SERVER span when it is
 * the request's entry span.
 *
 * Its end time is the moment the host called `res.end()`: the caller cannot
 * have its answer before, so the hop stays inside the caller's CLIENT span
 * (see watch-response-end.ts). It is released at 'prefinish', emitted inside
 * `res.end()` once the last bytes are handed to the socket, so that its CPU
 * stops there and does not take in the 'finish' listeners (a request
 * logger) that run afterwards; 'finish' and 'close' remain as fallbacks
 * ('prefinish' is not emitted when the socket failed).
 */
export function startRequestHop(
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
  route?: string,
): ActiveHop | undefined {
  const { parent, entry } = parentOf(req);
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: req.method ?? 'GET',
    // Express rewrites `url` inside routers and keeps the original.
    [ATTR_URL_PATH]: pathOf(
      (req as { originalUrl?: string }).originalUrl ?? req.url,
    ),
  };
  if (route !== undefined) {
    attributes[ATTR_HTTP_ROUTE] = route;
  }
  const hop = startHop(
    { name, kind: entry ? SpanKind.SERVER : SpanKind.INTERNAL, attributes },
    parent,
  );
  if (hop === undefined) {
    return undefined;
  }
  hop.hold();
  watchResponseEnd(res, (atMillis) => hop.endAt(atMillis));
  let done = false;
  // Runs inside the host's res.end(): it must never throw.
  const onDone = (): void => {
    if (done) {
      return;
    }
    done = true;
    try {
      res.off('prefinish', onDone);
      res.off('finish', onDone);
      res.off('close', onDone);
      if (res.headersSent) {
        const status = res.statusCode;
        hop.setAttributes({ [ATTR_HTTP_RESPONSE_STATUS_CODE]: status });
        if (status >= 500) {
          hop.setErrorStatus(`HTTP ${status}`);
        }
      }
    } catch (error) {
      reportSdkError('ending a request hop', error);
    }
    hop.release();
  };
  res.once('prefinish', onDone);
  res.once('finish', onDone);
  res.once('close', onDone);
  return hop;
}
