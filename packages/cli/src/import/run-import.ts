/**
 * `pathprof import FILE…`: reads trace files in every format the readers
 * know (Jaeger JSON, OTLP JSON/protobuf, Zipkin v2) and writes their spans
 * to the embedded store (`--data`) or a running collector (`--to`). A file
 * that fails is reported and the next one is read; the exit code is then 1.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { CliIo } from '../commands/cli-io.js';
import { writeOut } from '../commands/cli-io.js';
import { createProgress } from '../commands/progress.js';
import { InputError } from '../readers/input-error.js';
import { readTraces } from '../readers/read-traces.js';
import type { ImportCounts } from './batching-sink.js';
import { createBatchingSink } from './batching-sink.js';
import type { ImportSettings } from './import-options.js';
import { renderImportSummary } from './render-import-summary.js';
import type { FileOutcome } from './render-import-summary.js';
import type { SpanWriter } from './span-writer.js';

export async function runImport(
  files: readonly string[],
  settings: ImportSettings,
  writer: SpanWriter,
  io: CliIo,
): Promise<void> {
  const sink = createBatchingSink(writer, settings.batchSpans);
  const outcomes: FileOutcome[] = [];
  const sizes = await Promise.all(
    files.map((f) =>
      stat(f).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const progress = createProgress(
    io,
    settings.progress,
    sizes.reduce((a, b) => a + b, 0),
    'bytes',
  );
  let done = 0;
  try {
    for (const file of files) {
      const before = snapshot(sink.counts);
      const outcome: FileOutcome = {
        file,
        format: 'empty',
        bytes: 0,
        traces: 0,
        spans: 0,
        rejectedByReader: 0,
        error: undefined,
      };
      try {
        const stats = await readTraces(
          file,
          createReadStream(file, { highWaterMark: 1024 * 1024 }),
          sink,
          { onProgress: (bytes) => progress.update(done + bytes, file) },
        );
        Object.assign(outcome, {
          format: stats.format,
          bytes: stats.bytes,
          rejectedByReader: stats.rejectedSpans,
        });
      } catch (err) {
        if (!(err instanceof InputError)) {
          throw err;
        }
        outcome.error = err.message;
      }
      outcome.traces = sink.counts.traces - before.traces;
      outcome.spans = sink.counts.spans - before.spans;
      done += sizes[files.indexOf(file)] ?? 0;
      outcomes.push(outcome);
    }
    await sink.finish();
  } finally {
    progress.stop();
    await writer.close();
  }
  await writeOut(
    io.stdout,
    renderImportSummary(outcomes, sink.counts, writer.target, settings.format),
  );
  const failed = outcomes.filter((o) => o.error !== undefined);
  if (failed.length > 0) {
    throw new InputError(
      failed.length === 1 ? failed[0]!.file : `${failed.length} files`,
      failed.length === 1
        ? 'could not be read to the end; the spans read before the error were imported'
        : 'could not be read to the end (see the summary)',
    );
  }
}

function snapshot(counts: ImportCounts): { traces: number; spans: number } {
  return { traces: counts.traces, spans: counts.spans };
}
