/**
 * `pathprof demo`: the whole product on one machine. Starts the collector on
 * the embedded store, the showcase system exporting to it, drives open-loop
 * load through every entry route, waits for the spans, prints the path
 * profile and where to look next, then keeps running until Ctrl-C (or stops
 * with `--once`). Everything it started is stopped on every way out.
 */
import { DEFAULT_MEMORY_LIMIT_BYTES } from '@pathprof/collector';
import { profileStoredTraces } from '@pathprof/collector';
import type { CliIo } from '../shared/cli-io.js';
import { writeOut } from '../shared/cli-io.js';
import { createProgress } from '../shared/progress.js';
import {
  parseWeightedRoutes,
  resolveSystemRouteUrl,
  runLoad,
} from '@pathprof/measure';
import { DEFAULT_SYSTEM_ROUTES } from '../load/load-options.js';
import { startShowcaseSystem } from '../showcase/showcase-system.js';
import type {
  RunningSystem,
  SystemStarter,
} from '../showcase/showcase-system.js';
import { CliError } from '../shared/cli-error.js';
import { renderReport } from '../render/render-report.js';
import type { CollectorOnStore } from '../serve/start-collector-on-store.js';
import { startCollectorOnStore } from '../serve/start-collector-on-store.js';
import { EXTRA_PORTS_OFF } from '../serve/collector-flags.js';
import type { DemoSettings } from './demo-options.js';
import { describeDemoAddresses } from './describe-demo-addresses.js';
import { waitForTraces } from './wait-for-traces.js';

/** How long the services wait before exporting a batch of spans. */
const EXPORT_DELAY_MILLIS = 200;
const ARRIVAL_DEADLINE_MILLIS = 30_000;

export interface DemoHooks {
  readonly startSystem?: SystemStarter;
  /** Resolves when the user asks to stop (Ctrl-C); not awaited with `--once`. */
  readonly untilStopped: () => Promise<unknown>;
}

export async function runDemo(
  settings: DemoSettings,
  io: CliIo,
  hooks: DemoHooks,
): Promise<void> {
  const status = (line: string): void => {
    io.stderr.write(`${line}\n`);
  };
  let running: CollectorOnStore | undefined;
  let system: RunningSystem | undefined;
  try {
    running = await startCollectorOnStore(
      {
        host: '127.0.0.1',
        otlpPort: 0,
        zipkinPort: null,
        queryPort: settings.queryPort,
        ...EXTRA_PORTS_OFF,
        data: settings.data,
        basePath: '',
        token: undefined,
        retentionMicros: undefined,
        memoryLimitBytes: DEFAULT_MEMORY_LIMIT_BYTES,
        corsOrigins: [],
        allowedHosts: [],
        store: { kind: 'embedded' },
        pathIndex: true,
        pathIndexDelayMicros: undefined,
      },
      {
        queryFlag: '--port',
        log: (r) => {
          if (r.level === 'warn' || r.level === 'error') {
            status(`collector: ${JSON.stringify(r)}`);
          }
        },
      },
    );
    const { collector, store } = running;
    status(
      `collector up: OTLP ${collector.urls.otlp!}, query ${collector.queryUrl}`,
    );
    system = await (hooks.startSystem ?? startShowcaseSystem)({
      sys: settings.sys,
      otlpEndpoint: collector.urls.otlp!,
      env: {
        OTEL_BSP_SCHEDULE_DELAY: String(EXPORT_DELAY_MILLIS),
        // The demo shows every number on every hop: memory on every call,
        // not on 1 in 10 as services measure it by default.
        PATHPROF_MEMORY_SAMPLE_RATE: '1',
      },
    });
    const started = system;
    status(`showcase ${settings.sys} up: ${started.services.length} services`);

    // multi-svc: the seed's entry routes /a1…/a4; toy: every example route
    // of both services (rolldice-a and rolldice-b).
    const targets =
      settings.sys === 'toy'
        ? started.examples.map((url) => ({
            name: new URL(url).pathname,
            url: new URL(url),
            weight: 1,
          }))
        : parseWeightedRoutes(DEFAULT_SYSTEM_ROUTES[settings.sys])!.map(
            (r) => ({
              name: r.route,
              url: resolveSystemRouteUrl(started, r.route),
              weight: r.weight,
            }),
          );
    const total = Math.floor((settings.rps * settings.durationMicros) / 1e6);
    status(
      `load: ${settings.rps} requests/s for ${settings.durationMicros / 1e6}s over ${targets.map((t) => t.name).join(', ')}`,
    );
    const startMicros = io.nowMicros();
    const progress = createProgress(io, settings.progress, total, 'requests');
    const run = await runLoad(
      {
        targets,
        rps: settings.rps,
        durationMicros: settings.durationMicros,
        concurrency: Math.max(64, Math.ceil(settings.rps)),
        timeoutMillis: 10_000,
      },
      {
        onProgress: (p) =>
          progress.update(p.due, `ok ${p.ok} · errors ${p.errors}`),
      },
    ).finally(() => progress.stop());
    const ok = run.routes.reduce((n, r) => n + r.ok, 0);
    const answered = run.routes.reduce((n, r) => n + r.ok + r.httpErrors, 0);
    if (ok === 0) {
      throw new CliError(
        'PATHPROF_ERR_LOAD',
        `showcase ${settings.sys}: no request got a 2xx answer`,
        { what: `showcase ${settings.sys}` },
      );
    }
    const loadEndMicros = io.nowMicros();
    status(
      `load done: ${answered} answered (${ok} ok); waiting for their spans…`,
    );
    const arrived = await waitForTraces(store, {
      startMicros: startMicros - 1_000_000,
      endMicros: () => io.nowMicros() + 1_000_000,
      expectedTraces: answered,
      deadlineMillis: ARRIVAL_DEADLINE_MILLIS,
    });
    if (!arrived.complete) {
      status(
        `only ${arrived.traces} of ${answered} traces arrived within ${ARRIVAL_DEADLINE_MILLIS / 1000}s; profiling those`,
      );
    }
    const report = await profileStoredTraces(store, {
      startMicros: startMicros - 1_000_000,
      endMicros: io.nowMicros() + 1_000_000,
    });
    await writeOut(
      io.stdout,
      renderReport(report, {
        format: settings.format,
        source: `demo ${settings.sys}, ${answered} requests`,
      }),
    );
    const addresses = describeDemoAddresses(
      collector,
      started.entryUrl,
      settings.once,
      { loadStartMicros: startMicros, loadEndMicros: loadEndMicros, report },
    );
    if (settings.format === 'table') {
      await writeOut(io.stdout, `\n${addresses}`);
    } else {
      io.stderr.write(addresses);
    }
    if (!settings.once) {
      await hooks.untilStopped();
      status('stopping…');
    }
  } finally {
    await system?.stop();
    await running?.collector.close();
  }
}
