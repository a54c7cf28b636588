import { InputError } from '@pathprof/sources';

/**
 * A deploy could not go on (a tool is missing, a step failed). An InputError,
 * so the CLI prints the message and exits with 1.
 */
export class DeployError extends InputError {
  constructor(detail: string) {
    super('deploy', detail);
    this.name = 'DeployError';
    this.message = detail;
  }
}
