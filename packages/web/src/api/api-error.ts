/** A failed API call: the HTTP status (0 when the network failed) and the server's message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The message of Jaeger's error envelope `{data: null, errors: [{code, msg}]}`, or the body text. */
export function readErrorMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { msg?: unknown }[] | null };
    const msg = parsed.errors?.[0]?.msg;
    if (typeof msg === 'string' && msg !== '') {
      return msg;
    }
  } catch {
    // not JSON: fall through to the text
  }
  const text = body.trim();
  return text === '' ? `HTTP ${status}` : text.slice(0, 300);
}
