/** `pathprof load`: resolve the targets (starting a showcase for --sys), run, report. */
import {
  buildLoadReport,
  countArrivals,
  resolveRouteUrl,
  resolveSystemRouteUrl,
  runLoad,
} from '@pathprof/measure';
import type { LoadTarget } from '@pathprof/measure';
import { writeOut } from '../shared/cli-io.js';
import type { CliIo } from '../shared/cli-io.js';
import { createProgress } from '../shared/progress.js';
import { CliError } from '../shared/cli-error.js';
import type { LoadSettings } from './load-options.js';
import { renderLoadReport } from './render-load-report.js';
import { startShowcaseSystem } from '../showcase/showcase-system.js';
import type {
  RunningSystem,
  SystemStarter,
} from '../showcase/showcase-system.js';

export const LOAD_NOTHING_SUCCEEDED = 'no request got a 2xx answer';

/** Exits 1 (after printing the report) when no request succeeded. */
export async function runLoadCommand(
  settings: LoadSettings,
  io: CliIo,
  startSystem: SystemStarter = startShowcaseSystem,
): Promise<void> {
  let system: RunningSystem | undefined;
  try {
    let targets: LoadTarget[];
    let description: string;
    if (settings.source.kind === 'sys') {
      system = await startSystem({ sys: settings.source.sys });
      const running = system;
      targets = settings.routes.map((r) => ({
        name: r.route,
        url: resolveSystemRouteUrl(running, r.route),
        weight: r.weight,
      }));
      description = `${settings.source.sys} at ${system.entryUrl}`;
    } else {
      const base = settings.source.url;
      targets = settings.routes.map((r) => ({
        name: r.route,
        url: resolveRouteUrl(base, r.route),
        weight: r.weight,
      }));
      description = base.href;
    }
    const total = countArrivals(settings.rps, settings.durationMicros);
    const progress = createProgress(io, settings.progress, total, 'requests');
    const run = await runLoad(
      {
        targets,
        rps: settings.rps,
        durationMicros: settings.durationMicros,
        concurrency: settings.concurrency,
        timeoutMillis: settings.timeoutMillis,
      },
      {
        onProgress: (p) =>
          progress.update(
            p.due,
            `ok ${p.ok} · errors ${p.errors} · dropped ${p.dropped} · in flight ${p.inFlight}`,
          ),
      },
    ).finally(() => progress.stop());
    const report = buildLoadReport(run, description);
    await writeOut(io.stdout, renderLoadReport(report, settings.format));
    if (report.total.ok === 0) {
      // The report is printed; the exit code tells a script the target is down.
      throw new CliError(
        'PATHPROF_ERR_LOAD',
        `${description}: ${LOAD_NOTHING_SUCCEEDED}`,
        { what: description },
      );
    }
  } finally {
    await system?.stop();
  }
}
