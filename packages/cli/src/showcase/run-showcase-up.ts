/**
 * `pathprof showcase up`: starts a showcase system locally, prints its URLs
 * and example requests, and stops every service when `untilStopped` settles
 * (Ctrl-C or SIGTERM from the command line).
 */
import {
  isShowcaseSystemName,
  SHOWCASE_SYSTEM_NAMES,
  isShowcaseError,
  startShowcase,
} from '@pathprof/showcase';
import type { RunningShowcase, ShowcaseSystemName } from '@pathprof/showcase';
import type { CliIo } from '../shared/cli-io.js';
import { writeOut } from '../shared/cli-io.js';
import { UsageError } from '../shared/usage-error.js';
import { CliError } from '../shared/cli-error.js';

export interface ShowcaseUpFlags {
  sys: string;
  otlpEndpoint?: string;
  basePort?: string;
  quiet?: boolean;
}

export interface ShowcaseUpSettings {
  readonly sys: ShowcaseSystemName;
  readonly otlpEndpoint: string | undefined;
  readonly basePort: number | undefined;
  readonly quiet: boolean;
}

export const SHOWCASE_MESSAGES = {
  badSystem: (sys: string) =>
    `--sys must be one of ${SHOWCASE_SYSTEM_NAMES.join(', ')}, got "${sys}"`,
  badEndpoint: (url: string) =>
    `--otlp-endpoint must be an http(s) URL such as http://127.0.0.1:4318, got "${url}"`,
  badBasePort: (port: string) =>
    `--base-port must be a port number from 1024 to 65000, got "${port}"`,
} as const;

export function parseShowcaseUpFlags(
  flags: ShowcaseUpFlags,
): ShowcaseUpSettings {
  if (!isShowcaseSystemName(flags.sys)) {
    throw new UsageError('--sys', SHOWCASE_MESSAGES.badSystem(flags.sys));
  }
  let basePort: number | undefined;
  if (flags.basePort !== undefined) {
    basePort = Number(flags.basePort);
    if (!/^\d+$/.test(flags.basePort) || basePort < 1024 || basePort > 65000) {
      throw new UsageError(
        '--base-port',
        SHOWCASE_MESSAGES.badBasePort(flags.basePort),
      );
    }
  }
  if (flags.otlpEndpoint !== undefined && !isHttpUrl(flags.otlpEndpoint)) {
    throw new UsageError(
      '--otlp-endpoint',
      SHOWCASE_MESSAGES.badEndpoint(flags.otlpEndpoint),
    );
  }
  return {
    sys: flags.sys,
    otlpEndpoint: flags.otlpEndpoint,
    basePort,
    quiet: flags.quiet === true,
  };
}

export async function runShowcaseUp(
  flags: ShowcaseUpFlags,
  io: CliIo,
  untilStopped: () => Promise<unknown>,
): Promise<void> {
  const settings = parseShowcaseUpFlags(flags);
  let showcase: RunningShowcase;
  try {
    showcase = await startShowcase({
      sys: settings.sys,
      otlpEndpoint: settings.otlpEndpoint,
      basePort: settings.basePort,
      log: settings.quiet
        ? undefined
        : ({ service, line }) => io.stderr.write(`[${service}] ${line}\n`),
    });
  } catch (err) {
    if (isShowcaseError(err, 'SHOWCASE_ERR_START')) {
      throw new CliError(
        'PATHPROF_ERR_SHOWCASE',
        `showcase up: ${err.message}`,
      );
    }
    throw err;
  }
  try {
    // listen for the stop before announcing the services, so no stop is missed
    const stopped = untilStopped();
    await writeOut(io.stdout, describeShowcase(showcase));
    const reason = await stopped;
    await writeOut(
      io.stdout,
      `stopping ${showcase.services.length} services${typeof reason === 'string' ? ` (${reason})` : ''}…\n`,
    );
  } finally {
    await showcase.stop();
  }
  await writeOut(io.stdout, 'all services stopped\n');
}

/** The text printed once the showcase is up. */
export function describeShowcase(showcase: RunningShowcase): string {
  const width = Math.max(...showcase.services.map((s) => s.name.length));
  const lines = [
    `showcase ${showcase.sys} is up: ${showcase.services.length} services, spans ${
      showcase.otlpEndpoint === undefined
        ? 'not exported (use --otlp-endpoint URL)'
        : `exported to ${showcase.otlpEndpoint}`
    }`,
    ...showcase.services.map(
      (s) => `  ${s.name.padEnd(width)}  ${s.url}  (pid ${s.pid ?? '?'})`,
    ),
    'try:',
    ...showcase.examples.map((url) => `  curl ${url}`),
    'Ctrl-C stops all services.',
  ];
  return `${lines.join('\n')}\n`;
}

/** Resolves with the name of the first SIGINT or SIGTERM, then stops listening for them. */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const signals = ['SIGINT', 'SIGTERM'] as const;
    const onSignal = (signal: NodeJS.Signals): void => {
      for (const s of signals) {
        process.off(s, onSignal);
      }
      resolve(signal);
    };
    for (const s of signals) {
      process.on(s, onSignal);
    }
  });
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
