import { InputError } from '@pathprof/sources';

/**
 * The collector could not start (a port is taken, the data directory is
 * locked or unreadable). An InputError, so the CLI prints it and exits with
 * 1; `what` names the flag or value at fault, when one is.
 */
export class ServeError extends InputError {
  constructor(what: string | undefined, detail: string) {
    super(what ?? '', detail);
    this.name = 'ServeError';
    if (what === undefined) {
      this.message = detail;
    }
  }
}
