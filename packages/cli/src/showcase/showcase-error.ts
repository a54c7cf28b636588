import { InputError } from '@pathprof/sources';

/**
 * The showcase could not be started (a service failed, a port was taken).
 * It is an InputError so the CLI's error handler prints it and exits with 1.
 */
export class ShowcaseError extends InputError {
  constructor(detail: string) {
    super('showcase up', detail);
    this.name = 'ShowcaseError';
  }
}
