import type { OtlpResourceSpans } from '@pathprof/model';
import type { JaegerHttpAnswer } from './jaeger-http.js';
import {
  describeHttpError,
  parseJsonAnswer,
  readErrorMessage,
} from './jaeger-http.js';
import { createJaegerError } from '../source-error.js';
import type { SourceError } from '../source-error.js';

/**
 * The traces of a v1 search answer `{"data":[trace…],"errors":null,…}`. An
 * answer that is not JSON, not 2xx, or has `data: null` with `errors` throws
 * `SourceError` carrying Jaeger's `msg`.
 */
export function readV1SearchAnswer(answer: JaegerHttpAnswer): unknown[] {
  if (answer.status < 200 || answer.status > 299) {
    throw describeHttpError(answer);
  }
  const body = parseJsonAnswer(answer);
  if (typeof body === 'object' && body !== null && 'data' in body) {
    const { data } = body;
    if (Array.isArray(data)) {
      return data;
    }
    if (data === null) {
      const detail = readErrorMessage(answer.body);
      if (detail === null) {
        return [];
      }
      throw createJaegerError(
        'http',
        answer.url,
        `Jaeger at ${answer.url} answered an error: ${detail}`,
        200,
      );
    }
  }
  throw badShape(answer, 'a v1 answer {"data":[…]}');
}

/**
 * The resource spans of an api_v3 search answer. The HTTP gateway writes one
 * `{"result":{"resourceSpans":[…]}}`; the older grpc-gateway streams several
 * such objects back to back and may end with `{"error":{…}}`; early gateways
 * wrote the bare `{"resourceSpans":[…]}`. All are read. A 404 carrying an error
 * object (`{"error":{"httpCode":404,"message":"No traces found"}}`) and an empty
 * body mean no traces.
 */
export function readV3SearchAnswer(
  answer: JaegerHttpAnswer,
): OtlpResourceSpans[] {
  if (answer.status === 404 && readErrorMessage(answer.body) !== null) {
    return [];
  }
  if (answer.status < 200 || answer.status > 299) {
    throw describeHttpError(answer);
  }
  if (answer.body.trim() === '') {
    return [];
  }
  const values = splitJsonValues(answer.body) ?? [parseJsonAnswer(answer)];
  const resourceSpans: OtlpResourceSpans[] = [];
  for (const value of values) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw badShape(answer, 'OTLP JSON {"result":{"resourceSpans":[…]}}');
    }
    const { result, error } = value as { result?: unknown; error?: unknown };
    if (error !== undefined) {
      const detail = readErrorMessage(JSON.stringify(value)) ?? 'unknown error';
      throw createJaegerError(
        'http',
        answer.url,
        `Jaeger at ${answer.url} answered an error: ${detail}`,
        answer.status,
      );
    }
    const data = result === undefined ? value : result;
    const spans =
      typeof data === 'object' && data !== null
        ? (data as { resourceSpans?: unknown }).resourceSpans
        : null;
    if (spans === undefined) {
      continue; // an empty TracesData: jsonpb leaves out an empty repeated field
    }
    if (!Array.isArray(spans)) {
      throw badShape(answer, 'OTLP JSON {"result":{"resourceSpans":[…]}}');
    }
    resourceSpans.push(...(spans as OtlpResourceSpans[]));
  }
  return resourceSpans;
}

/**
 * Splits a body holding one or more JSON values written back to back (with or
 * without whitespace between them) and parses each; `null` when the body is not
 * such a sequence. One value takes the fast path of a single `JSON.parse`.
 */
export function splitJsonValues(text: string): unknown[] | null {
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    // fall through: maybe several values
  }
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (ch === 0x5c /* \ */) {
        escaped = true;
      } else if (ch === 0x22 /* " */) {
        inString = false;
      }
    } else if (ch === 0x22 && depth > 0) {
      inString = true;
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (depth === 0) {
        start = i;
      }
      depth++;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      depth--;
      if (depth < 0) {
        return null;
      }
      if (depth === 0) {
        try {
          values.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          return null;
        }
      }
    } else if (
      depth === 0 &&
      ch !== 0x20 &&
      ch !== 0x0a &&
      ch !== 0x0d &&
      ch !== 0x09
    ) {
      return null;
    }
  }
  return depth === 0 && values.length > 0 ? values : null;
}

function badShape(answer: JaegerHttpAnswer, expected: string): SourceError {
  return createJaegerError(
    'bad-shape',
    answer.url,
    `Jaeger at ${answer.url} answered JSON that is not ${expected}`,
    answer.status,
  );
}
