/** Why a Jaeger request failed; stable strings, safe to branch on and print. */
export type JaegerSourceErrorReason =
  /** No socket: refused, unknown host, reset. */
  | 'connect'
  /** No complete answer within the configured timeout. */
  | 'timeout'
  /** A non-2xx status (other than api_v3's "no traces" 404). */
  | 'http'
  /** A 2xx answer whose body is not JSON (a proxy's HTML page, a wrong base path). */
  | 'not-json'
  /** JSON, but not the shape this API answers with. */
  | 'bad-shape'
  /** Neither the v1 nor the api_v3 query API answers at the base URL. */
  | 'no-api'
  /** The caller's AbortSignal fired. */
  | 'aborted';

/**
 * A failure talking to a live Jaeger. The message names the URL and, for HTTP
 * errors, the status and Jaeger's own error text; it never holds a stack trace.
 */
export class JaegerSourceError extends Error {
  override readonly name = 'JaegerSourceError';

  constructor(
    readonly reason: JaegerSourceErrorReason,
    readonly url: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }

  /** The printable fields, without the stack (for `--format json`). */
  toJSON(): {
    name: string;
    reason: JaegerSourceErrorReason;
    url: string;
    status?: number;
    message: string;
  } {
    return {
      name: this.name,
      reason: this.reason,
      url: this.url,
      ...(this.status === undefined ? {} : { status: this.status }),
      message: this.message,
    };
  }
}
