/** Validation of `pathprof demo` flags. */
import {
  isShowcaseSystemName,
  SHOWCASE_SYSTEM_NAMES,
} from '@pathprof/showcase';
import type { ShowcaseSystemName } from '@pathprof/showcase';
import { DEFAULT_QUERY_PORT } from '@pathprof/collector';
import { formatCount } from '../render/format-units.js';
import { UsageError } from '../shared/usage-error.js';
import { parseDurationFlag } from '../shared/parse-duration-flag.js';

export interface DemoFlags {
  sys: string;
  duration: string;
  rps: string;
  once?: boolean;
  format: string;
  port?: string;
  data?: string;
  progress?: boolean;
}

export interface DemoSettings {
  readonly sys: ShowcaseSystemName;
  readonly durationMicros: number;
  readonly rps: number;
  readonly once: boolean;
  readonly format: 'table' | 'json';
  readonly queryPort: number;
  readonly data: string;
  readonly progress: boolean;
}

/** rps × duration above this would make the demo's store and wait too big for a demo. */
export const MAX_DEMO_REQUESTS = 100_000;

export const DEMO_MESSAGES = {
  badSys: (v: string) =>
    `--sys: "${v}" is not one of ${SHOWCASE_SYSTEM_NAMES.join(', ')}`,
  badDuration: (v: string) =>
    `--duration: "${v}" is not a positive duration such as 20s or 1m`,
  badRps: (v: string) => `--rps: "${v}" is not a positive number`,
  tooFew: '--rps × --duration is less than one request',
  tooMany: `--rps × --duration exceeds ${formatCount(MAX_DEMO_REQUESTS)} requests`,
  badFormat: (v: string) => `--format: "${v}" is not one of table, json`,
  badPort: (v: string) =>
    `--port: "${v}" is not a port number from 0 to 65535 (0 picks a free port)`,
} as const;

export function parseDemoFlags(flags: DemoFlags): DemoSettings {
  if (!isShowcaseSystemName(flags.sys)) {
    throw new UsageError('--sys', DEMO_MESSAGES.badSys(flags.sys));
  }
  if (flags.format !== 'table' && flags.format !== 'json') {
    throw new UsageError('--format', DEMO_MESSAGES.badFormat(flags.format));
  }
  const durationMicros = parseDurationFlag(flags.duration);
  if (durationMicros === null) {
    throw new UsageError(
      '--duration',
      DEMO_MESSAGES.badDuration(flags.duration),
    );
  }
  const rps = Number(flags.rps);
  if (flags.rps.trim() === '' || !Number.isFinite(rps) || rps <= 0) {
    throw new UsageError('--rps', DEMO_MESSAGES.badRps(flags.rps));
  }
  const requests = (rps * durationMicros) / 1e6;
  if (requests < 1 - 1e-9) {
    throw new UsageError('--rps', DEMO_MESSAGES.tooFew);
  }
  if (requests > MAX_DEMO_REQUESTS) {
    throw new UsageError('--rps', DEMO_MESSAGES.tooMany);
  }
  let queryPort = DEFAULT_QUERY_PORT;
  if (flags.port !== undefined) {
    queryPort = Number(flags.port);
    if (!/^\d+$/.test(flags.port) || queryPort > 65535) {
      throw new UsageError('--port', DEMO_MESSAGES.badPort(flags.port));
    }
  }
  return {
    sys: flags.sys,
    durationMicros,
    rps,
    once: flags.once === true,
    format: flags.format,
    queryPort,
    data: flags.data ?? ':memory:',
    progress: flags.progress !== false,
  };
}
