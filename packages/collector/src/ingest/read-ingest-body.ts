/**
 * Inflates an admitted request's body within its reservation: first up to
 * the allowance reserved at admission, then, for a body that inflates
 * further, up to `maxBodyBytes` if the budget can cover the difference.
 */
import type { AdmittedRequest } from './admit-ingest-request.js';
import {
  BUSY_RETRY_AFTER_SECONDS,
  tooLargeMessage,
} from './admit-ingest-request.js';
import { inflateBody } from './inflate-body.js';

export type ReadBodyResult =
  | { readonly ok: true; readonly bytes: Buffer }
  | {
      readonly ok: false;
      readonly status: 400 | 413 | 429;
      readonly message: string;
      readonly retryAfterSeconds?: number;
    };

export async function readIngestBody(
  body: Buffer,
  admitted: AdmittedRequest,
  maxBodyBytes: number,
): Promise<ReadBodyResult> {
  const { encoding, reservation, inflateAllowanceBytes } = admitted;
  if (encoding === 'identity') {
    return { ok: true, bytes: body };
  }
  let result = await inflateBody(body, encoding, inflateAllowanceBytes);
  if (!result.ok && result.tooLarge && inflateAllowanceBytes < maxBodyBytes) {
    if (!reservation.tryGrow(maxBodyBytes - inflateAllowanceBytes)) {
      return {
        ok: false,
        status: 429,
        message: 'too many requests being read at once; retry later',
        retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
      };
    }
    result = await inflateBody(body, encoding, maxBodyBytes);
  }
  if (result.ok) {
    return result;
  }
  return result.tooLarge
    ? { ok: false, status: 413, message: tooLargeMessage(maxBodyBytes) }
    : { ok: false, status: 400, message: result.message };
}
