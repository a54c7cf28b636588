/**
 * `pathprof compare`: reads both sides, compares them with the engine and
 * prints the report. Exit codes: 0 no significant regression, 3 a path
 * regressed significantly (`PATHPROF_ERR_REGRESSION`), 1 input or server failure,
 * 2 bad usage.
 */
import { comparePathSamples } from '@pathprof/engine';
import { isStoreError, openSpanStore } from '@pathprof/store';
import type { SpanStore } from '@pathprof/store';
import type { CliIo } from '../shared/cli-io.js';
import { writeOut } from '../shared/cli-io.js';
import { CliError, createServeError } from '../shared/cli-error.js';
import { collectSides } from './collect-sides.js';
import type { CompareSettings, TraceSource } from './compare-settings.js';
import { renderComparison } from './render-comparison.js';

export async function runCompare(
  settings: CompareSettings,
  io: CliIo,
): Promise<void> {
  const data = storeDirectory(settings);
  const store = data === undefined ? undefined : await openStore(data);
  try {
    const sides = await collectSides(settings, {
      io,
      ...(store === undefined ? {} : { store }),
    });
    const report = {
      ...comparePathSamples(sides.baseline, sides.candidate, {
        alpha: settings.alpha,
        minEffect: settings.minEffect,
        minSamples: settings.minSamples,
      }),
      ...(settings.plan.kind === 'split'
        ? { ambiguousTraces: sides.ambiguous }
        : {}),
    };
    await writeOut(
      io.stdout,
      renderComparison(report, {
        format: settings.format,
        all: settings.all,
        ambiguous: sides.ambiguous,
      }),
    );
    if (report.summary.regressed > 0) {
      throw new CliError(
        'PATHPROF_ERR_REGRESSION',
        `${report.summary.regressed} path(s) regressed significantly`,
        { regressed: report.summary.regressed },
      );
    }
  } finally {
    await store?.close();
  }
}

function storeDirectory(settings: CompareSettings): string | undefined {
  const { plan } = settings;
  const sources: TraceSource[] =
    plan.kind === 'sides' ? [plan.baseline, plan.candidate] : [plan.source];
  for (const source of sources) {
    if (source.kind === 'store') {
      return source.data;
    }
  }
  return undefined;
}

async function openStore(path: string): Promise<SpanStore> {
  try {
    return await openSpanStore({ path });
  } catch (err) {
    if (isStoreError(err)) {
      throw createServeError(`--data ${path}`, err.message);
    }
    throw err;
  }
}
