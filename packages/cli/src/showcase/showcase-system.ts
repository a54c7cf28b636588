/** Starting a showcase system for `load --sys`, `demo` and `overhead`. */
import { startShowcase } from '@pathprof/showcase';
import type { RunningShowcase, ShowcaseSystemName } from '@pathprof/showcase';
import { CliError } from '../shared/cli-error.js';

export interface StartSystemOptions {
  readonly sys: ShowcaseSystemName;
  /** Extra environment for every service. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the services export spans; default: no export. */
  readonly otlpEndpoint?: string;
}

/** The runner's view of a started system (what the commands use of it). */
export type RunningSystem = Pick<
  RunningShowcase,
  'sys' | 'services' | 'entryUrl' | 'examples' | 'stop'
>;

export type SystemStarter = (
  options: StartSystemOptions,
) => Promise<RunningSystem>;

export const startShowcaseSystem: SystemStarter = async (options) => {
  try {
    return await startShowcase({
      sys: options.sys,
      // Without an endpoint the runner inherits OTEL_EXPORTER_OTLP_ENDPOINT;
      // a measurement must not depend on the caller's shell.
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
        ...options.env,
      },
      ...(options.otlpEndpoint === undefined
        ? {}
        : { otlpEndpoint: options.otlpEndpoint }),
    });
  } catch (err) {
    // A service failed to start, or the showcase is not built: exit 1 with its message.
    throw new CliError(
      'PATHPROF_ERR_SHOWCASE',
      `showcase ${options.sys}: ${err instanceof Error ? err.message : String(err)}`,
      { what: `showcase ${options.sys}` },
    );
  }
};
