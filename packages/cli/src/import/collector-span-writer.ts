/**
 * Imports through a running collector (`--to URL`): posts OTLP/JSON to its
 * `/v1/traces`, as any OpenTelemetry exporter would, and honours its
 * back-pressure (429/503 with Retry-After) by waiting and retrying.
 */
import type { Span } from '@pathprof/model';
import { CliError } from '../shared/cli-error.js';
import type { SpanWriter, WriteOutcome } from '@pathprof/sources';

export const MAX_RETRIES = 10;
const MAX_RETRY_WAIT_MILLIS = 30_000;

export interface CollectorWriterOptions {
  readonly url: URL;
  readonly token: string | undefined;
  /** Spans → an OTLP/JSON `ExportTraceServiceRequest`. */
  readonly encode: (spans: readonly Span[]) => unknown;
  readonly fetch?: typeof fetch;
  readonly sleep?: (millis: number) => Promise<void>;
}

export function createCollectorSpanWriter(
  options: CollectorWriterOptions,
): SpanWriter {
  const endpoint = new URL(options.url);
  if (!endpoint.pathname.endsWith('/v1/traces')) {
    endpoint.pathname = `${endpoint.pathname.replace(/\/+$/, '')}/v1/traces`;
  }
  const doFetch = options.fetch ?? fetch;
  const sleep =
    options.sleep ??
    ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const target = endpoint.href;

  const write = async (spans: readonly Span[]): Promise<WriteOutcome> => {
    const body = JSON.stringify(options.encode(spans));
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await doFetch(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.token === undefined
              ? {}
              : { authorization: `Bearer ${options.token}` }),
          },
          body,
        });
      } catch (err) {
        if (attempt >= MAX_RETRIES) {
          throw new CliError(
            'PATHPROF_ERR_IMPORT',
            `${target}: cannot reach the collector (${describe(err)})`,
            { url: target },
          );
        }
        await sleep(Math.min(1000 * 2 ** attempt, MAX_RETRY_WAIT_MILLIS));
        continue;
      }
      const text = await res.text();
      if (res.status === 200) {
        return readPartialSuccess(text, spans.length);
      }
      if ((res.status === 429 || res.status === 503) && attempt < MAX_RETRIES) {
        await sleep(retryAfterMillis(res.headers.get('retry-after'), attempt));
        continue;
      }
      throw new CliError(
        'PATHPROF_ERR_IMPORT',
        `${target}: HTTP ${res.status}: ${readMessage(text)}`,
        { url: target, status: res.status },
      );
    }
  };
  return { target, write, close: () => Promise.resolve() };
}

function readPartialSuccess(text: string, sent: number): WriteOutcome {
  let rejected = 0;
  let message: string | undefined;
  try {
    const body = JSON.parse(text || '{}') as {
      partialSuccess?: {
        rejectedSpans?: string | number;
        errorMessage?: string;
      };
    };
    rejected = Number(body.partialSuccess?.rejectedSpans ?? 0) || 0;
    message = body.partialSuccess?.errorMessage || undefined;
  } catch {
    // A 200 without a readable body: everything was accepted.
  }
  return {
    stored: sent - rejected,
    duplicates: 0,
    rejected,
    ...(message === undefined ? {} : { rejectedMessage: message }),
  };
}

function retryAfterMillis(header: string | null, attempt: number): number {
  const seconds = header === null ? NaN : Number(header);
  const millis =
    Number.isFinite(seconds) && seconds >= 0
      ? seconds * 1000
      : 1000 * 2 ** attempt;
  return Math.min(millis, MAX_RETRY_WAIT_MILLIS);
}

function readMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') {
      return body.message;
    }
  } catch {
    // not JSON: show the start of the text
  }
  return text.slice(0, 200) || '(empty body)';
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause;
  return cause?.code ?? (err instanceof Error ? err.message : String(err));
}
