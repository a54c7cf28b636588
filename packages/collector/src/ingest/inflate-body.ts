/**
 * Request body decompression with a hard output limit (zlib's
 * `maxOutputLength`), so a small compressed body cannot inflate past what
 * the collector agreed to hold. OTLP/HTTP names gzip
 * (https://opentelemetry.io/docs/specs/otlp/#otlphttp-request); deflate and
 * br are accepted too, as the OpenTelemetry Collector's HTTP server does.
 */
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, inflateRaw } from 'node:zlib';
import type { InputType, ZlibOptions } from 'node:zlib';

export type ContentEncoding = 'identity' | 'gzip' | 'deflate' | 'br';

export type InflateResult =
  | { readonly ok: true; readonly bytes: Buffer }
  | {
      readonly ok: false;
      readonly tooLarge: boolean;
      readonly message: string;
    };

const INFLATERS: Record<
  Exclude<ContentEncoding, 'identity'>,
  (body: InputType, options: ZlibOptions) => Promise<Buffer>
> = {
  gzip: promisify<InputType, ZlibOptions, Buffer>(gunzip),
  deflate: promisify<InputType, ZlibOptions, Buffer>(inflate),
  br: promisify<InputType, ZlibOptions, Buffer>(brotliDecompress),
};
const inflateRawAsync = promisify<InputType, ZlibOptions, Buffer>(inflateRaw);

/** `gzip` → 'gzip'; absent or empty → 'identity'; an unknown or stacked coding → null. */
export function parseContentEncoding(
  header: string | string[] | undefined,
): ContentEncoding | null {
  const text = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .trim()
    .toLowerCase();
  if (text === '' || text === 'identity') {
    return 'identity';
  }
  if (text === 'gzip' || text === 'x-gzip') {
    return 'gzip';
  }
  if (text === 'deflate' || text === 'br') {
    return text;
  }
  return null;
}

export async function inflateBody(
  body: Buffer,
  encoding: ContentEncoding,
  maxOutputBytes: number,
): Promise<InflateResult> {
  if (encoding === 'identity') {
    return { ok: true, bytes: body };
  }
  const options = { maxOutputLength: Math.max(1, maxOutputBytes) };
  try {
    return { ok: true, bytes: await INFLATERS[encoding](body, options) };
  } catch (err) {
    if (encoding === 'deflate' && !isTooLarge(err)) {
      // Some senders put a raw DEFLATE stream behind `deflate` (RFC 9110 §8.4.1.2 wants zlib).
      try {
        return { ok: true, bytes: await inflateRawAsync(body, options) };
      } catch (rawErr) {
        return failure(encoding, rawErr);
      }
    }
    return failure(encoding, err);
  }
}

function failure(encoding: ContentEncoding, err: unknown): InflateResult {
  if (isTooLarge(err)) {
    return {
      ok: false,
      tooLarge: true,
      message: `the ${encoding} body inflates past the size limit`,
    };
  }
  const reason = err instanceof Error ? err.message : String(err);
  return {
    ok: false,
    tooLarge: false,
    message: `the body is not valid ${encoding} data: ${reason}`,
  };
}

function isTooLarge(err: unknown): boolean {
  return (
    err instanceof RangeError &&
    (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
  );
}
