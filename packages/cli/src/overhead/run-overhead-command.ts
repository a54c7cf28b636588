/**
 * `pathprof overhead`: runs the experiment (`measureOverhead` of
 * @pathprof/measure) on local showcase systems with a progress bar, prints
 * the report, and optionally writes its docs/BENCHMARKS.md section.
 */
import { measureOverhead, updateBenchmarksDoc } from '@pathprof/measure';
import type { OverheadSystemStarter } from '@pathprof/measure';
import { writeOut } from '../shared/cli-io.js';
import type { CliIo } from '../shared/cli-io.js';
import { createProgress } from '../shared/progress.js';
import type { Progress } from '../shared/progress.js';
import { startShowcaseSystem } from '../showcase/showcase-system.js';
import type { OverheadCliSettings } from './overhead-options.js';
import { renderOverheadReport } from './render-overhead-report.js';

/** What tests replace: the showcase runner, and the CPU phase's warm-up and settle wait. */
export interface OverheadDeps {
  readonly startSystem?: OverheadSystemStarter;
  readonly cpuWarmupRounds?: number;
  readonly cpuSettleMillis?: number;
}

export async function runOverheadCommand(
  settings: OverheadCliSettings,
  io: CliIo,
  deps: OverheadDeps = {},
): Promise<void> {
  let progress: Progress | undefined;
  const report = await measureOverhead(settings, {
    startSystem: deps.startSystem ?? startShowcaseSystem,
    nowMicros: () => io.nowMicros(),
    onRequest: (done, total, phase) => {
      progress ??= createProgress(io, settings.progress, total, 'requests');
      if (done % 10 === 0 || done === total) {
        progress.update(done, phase);
      }
    },
    onMeasured: () => progress?.stop(),
    cpuWarmupRounds: deps.cpuWarmupRounds,
    cpuSettleMillis: deps.cpuSettleMillis,
  });
  if (settings.doc !== undefined) {
    updateBenchmarksDoc(settings.doc, renderOverheadReport(report, 'markdown'));
  }
  await writeOut(io.stdout, renderOverheadReport(report, settings.format));
}
