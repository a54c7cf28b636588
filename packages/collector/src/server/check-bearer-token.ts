/**
 * The optional bearer token: constant-time comparison, so the answer's
 * timing does not leak how much of a guess was right.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function createTokenCheck(
  token: string,
): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    if (authorization === undefined) {
      return false;
    }
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return match !== null && timingSafeEqual(digest(match[1]!), expected);
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
