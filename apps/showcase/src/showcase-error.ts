/**
 * The showcase's one error type, as each package has one: a code from the
 * table below, a message, and for a failed start the services involved.
 * Each code keeps the name its error always printed (`String(err)` is part
 * of a step's 502 answer and of the services' logs), so answers and logs
 * read as before.
 */
import type { ShowcaseService } from './runner/start-showcase.js';

export const SHOWCASE_ERROR_CODES = {
  /** A service's environment is not a configuration it can run with: it logs and exits 2. */
  SHOWCASE_ERR_CONFIG: 'ConfigError',
  /** A call to the next service failed (connection, timeout, or a status ≥ 400): the step answers 502. */
  SHOWCASE_ERR_DOWNSTREAM: 'DownstreamError',
  /** The local runner could not start a service; every service it spawned is stopped. */
  SHOWCASE_ERR_START: 'ShowcaseStartError',
} as const;

export type ShowcaseErrorCode = keyof typeof SHOWCASE_ERROR_CODES;

/** What a failed start leaves to report (`SHOWCASE_ERR_START`). */
export interface ShowcaseStartFailure {
  /** The service that failed. */
  readonly service: string;
  /** Every service spawned (all stopped by now). */
  readonly services: readonly ShowcaseService[];
  readonly logTail: readonly string[];
}

export class ShowcaseError extends Error {
  constructor(
    readonly code: ShowcaseErrorCode,
    message: string,
    /** Set for `SHOWCASE_ERR_START`. */
    readonly start?: ShowcaseStartFailure,
  ) {
    super(message);
    this.name = SHOWCASE_ERROR_CODES[code];
  }

  /** Code, message and the failed service, without the stack. */
  toJSON(): { code: ShowcaseErrorCode; message: string; service?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.start === undefined ? {} : { service: this.start.service }),
    };
  }
}

/** Whether `err` is a showcase error of this code. */
export function isShowcaseError(
  err: unknown,
  code: ShowcaseErrorCode,
): err is ShowcaseError {
  return err instanceof ShowcaseError && err.code === code;
}
