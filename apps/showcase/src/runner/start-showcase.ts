/**
 * The local runner: starts every service of a showcase system as a child
 * `node` process on free 127.0.0.1 ports (wired to each other through
 * `DOWNSTREAM_SVCS`), waits until each answers `/healthz`, and stops them all
 * with SIGTERM, then SIGKILL after a grace period. A failed start stops what
 * was started before it rejects; the children also exit when the runner's
 * process dies (their standard input closes).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDownstreamServices } from '../config/downstream.js';
import { findFreePorts } from './free-ports.js';
import type { ServiceProcess } from './service-process.js';
import { describeExit, spawnServiceProcess } from './service-process.js';
import type { ShowcaseSystemName } from './systems.js';
import { SHOWCASE_SYSTEMS } from './systems.js';
import { waitUntilHealthy } from './wait-until-healthy.js';
import { ShowcaseError } from '../showcase-error.js';

export const LOCAL_HOST = '127.0.0.1';
export const DEFAULT_START_TIMEOUT_MILLIS = 30_000;
export const DEFAULT_STOP_GRACE_MILLIS = 10_000;

/** The built service entry point (the runner runs JavaScript, also from the TS sources). */
export const SERVICE_ENTRY = fileURLToPath(
  new URL('../../dist/server/main.js', import.meta.url),
);

export interface ShowcaseLogLine {
  readonly service: string;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}

export interface StartShowcaseOptions {
  readonly sys: ShowcaseSystemName;
  /** Extra environment for every service (the runner's own variables win). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * OTLP/HTTP base URL the services export to (`OTEL_EXPORTER_OTLP_ENDPOINT`);
   * default: the runner's own `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT`, else
   * no export at all (`OTEL_TRACES_EXPORTER=none`).
   */
  readonly otlpEndpoint?: string;
  /** First port; services take consecutive ports. Default: free ports. */
  readonly basePort?: number;
  readonly log?: (line: ShowcaseLogLine) => void;
  readonly startTimeoutMillis?: number;
  readonly stopGraceMillis?: number;
}

export interface ShowcaseService {
  readonly name: string;
  /** Base URL of its routes, e.g. `http://127.0.0.1:41234/a/v1`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
}

export interface RunningShowcase {
  readonly sys: ShowcaseSystemName;
  readonly services: readonly ShowcaseService[];
  /** Base URL of the entry service. */
  readonly entryUrl: string;
  /** Example request URLs. */
  readonly examples: readonly string[];
  /** Whether the services export spans, and where to. */
  readonly otlpEndpoint: string | undefined;
  /** Stops every service; safe to call more than once. */
  stop(): Promise<void>;
}

export async function startShowcase(
  options: StartShowcaseOptions,
): Promise<RunningShowcase> {
  const system = SHOWCASE_SYSTEMS[options.sys];
  if (!existsSync(SERVICE_ENTRY)) {
    throw new Error(
      `${SERVICE_ENTRY} is missing: build the showcase first (npm run build)`,
    );
  }
  const layouts = system.services;
  const ports =
    options.basePort === undefined
      ? await findFreePorts(layouts.length, LOCAL_HOST)
      : layouts.map((_, i) => options.basePort! + i);
  const portOf = new Map(layouts.map((s, i) => [s.name, ports[i]!]));
  const { env: exportEnv, endpoint } = exportEnvironment(options);

  const services: ShowcaseService[] = layouts.map((s) => ({
    name: s.name,
    url: `http://${LOCAL_HOST}:${portOf.get(s.name)!}${s.prefix}/${s.version}`,
    port: portOf.get(s.name)!,
    pid: undefined,
  }));
  const processes: ServiceProcess[] = layouts.map((layout, i) => {
    const downstream = layout.downstream.map((name) => {
      const target = layouts.find((s) => s.name === name)!;
      return {
        host: LOCAL_HOST,
        port: portOf.get(name)!,
        prefix: target.prefix,
        version: target.version,
      };
    });
    const proc = spawnServiceProcess({
      name: layout.name,
      entry: SERVICE_ENTRY,
      env: definedOnly({
        ...process.env,
        ...options.env,
        ...exportEnv,
        SVC_NAME: layout.name,
        SHOWCASE_APP: layout.app,
        API_PREFIX: layout.prefix,
        API_VERSION: layout.version,
        PORT: String(portOf.get(layout.name)!),
        HOST: LOCAL_HOST,
        LOCAL: '1',
        NS: options.env?.NS ?? 'local',
        DOWNSTREAM_SVCS: formatDownstreamServices(downstream),
        PATHPROF_EXIT_WITH_STDIN: '1',
      }),
      onLine: (stream, line) =>
        options.log?.({ service: layout.name, stream, line }),
    });
    services[i] = { ...services[i]!, pid: proc.pid };
    return proc;
  });

  const grace = options.stopGraceMillis ?? DEFAULT_STOP_GRACE_MILLIS;
  const killOnExit = (): void => {
    for (const p of processes) {
      p.kill('SIGKILL');
    }
  };
  process.once('exit', killOnExit);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= stopAll(processes, grace).finally(() =>
      process.off('exit', killOnExit),
    );
    return stopped;
  };

  const timeout = options.startTimeoutMillis ?? DEFAULT_START_TIMEOUT_MILLIS;
  const failures = await Promise.all(
    processes.map(async (proc, i) => {
      const ready = await waitUntilHealthy(
        `http://${LOCAL_HOST}:${ports[i]!}/healthz`,
        timeout,
        () => proc.hasExited(),
      );
      if (ready) {
        return undefined;
      }
      const reason = proc.hasExited()
        ? describeExit(await proc.exited)
        : `did not answer /healthz within ${timeout} ms`;
      return { proc, reason };
    }),
  );
  const failure = failures.find((f) => f !== undefined);
  if (failure !== undefined) {
    await stop();
    const tail = failure.proc.logTail();
    throw new ShowcaseError(
      'SHOWCASE_ERR_START',
      `${failure.proc.name} ${failure.reason} (port ${portOf.get(failure.proc.name)})${
        tail.length > 0
          ? `; its last log lines:\n${tail.map((l) => `  ${l}`).join('\n')}`
          : '; it logged nothing'
      }`,
      { service: failure.proc.name, services, logTail: tail },
    );
  }

  const urlOf = new Map(services.map((s) => [s.name, s.url]));
  return {
    sys: options.sys,
    services,
    entryUrl: services[0]!.url,
    examples: system.examples.map((e) => `${urlOf.get(e.service)!}/${e.route}`),
    otlpEndpoint: endpoint,
    stop,
  };
}

/** SIGTERM to all, SIGKILL to what is left after `graceMillis`; resolves when all are gone. */
async function stopAll(
  processes: readonly ServiceProcess[],
  graceMillis: number,
): Promise<void> {
  for (const p of processes) {
    p.kill('SIGTERM');
  }
  const all = Promise.all(processes.map((p) => p.exited));
  let timer: NodeJS.Timeout | undefined;
  const late = await Promise.race([
    all.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMillis);
    }),
  ]);
  clearTimeout(timer);
  if (late) {
    for (const p of processes) {
      p.kill('SIGKILL');
    }
    await all;
  }
}

function exportEnvironment(options: StartShowcaseOptions): {
  env: Record<string, string | undefined>;
  endpoint: string | undefined;
} {
  if (options.otlpEndpoint !== undefined) {
    return {
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
        OTEL_TRACES_EXPORTER: 'otlp',
      },
      endpoint: options.otlpEndpoint,
    };
  }
  const inherited = { ...process.env, ...options.env };
  const endpoint =
    inherited.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    inherited.OTEL_EXPORTER_OTLP_ENDPOINT;
  return endpoint === undefined || endpoint === ''
    ? { env: { OTEL_TRACES_EXPORTER: 'none' }, endpoint: undefined }
    : { env: {}, endpoint };
}

function definedOnly(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined) {
      result[key] = value;
    }
  }
  return result;
}
