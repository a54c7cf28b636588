/**
 * `pathprof import FILE…`: reads trace files in every format the readers
 * know (Jaeger JSON, OTLP JSON/protobuf, Zipkin v2) and writes their spans
 * to the embedded store (`--data`) or a running collector (`--to`). A file
 * that fails is reported and the next one is read; the exit code is then 1.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { CliIo } from '../shared/cli-io.js';
import { writeOut } from '../shared/cli-io.js';
import { createProgress } from '../shared/progress.js';
import {
  createBatchingSink,
  createInputError,
  isSourceError,
  readTraces,
} from '@pathprof/sources';
import type { BatchingSink, SpanWriter } from '@pathprof/sources';
import type { ImportSettings } from './import-options.js';
import { renderImportSummary } from './render-import-summary.js';
import type { FileOutcome } from './render-import-summary.js';

export async function runImport(
  files: readonly string[],
  settings: ImportSettings,
  writer: SpanWriter,
  io: CliIo,
): Promise<void> {
  const importedAtMicros = io.nowMicros();
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
  let writeFailure: Error | undefined;
  try {
    for (const file of files) {
      const outcome = await importFile(file, sink, (bytes) =>
        progress.update(done + bytes, file),
      );
      done += sizes[files.indexOf(file)] ?? 0;
      outcomes.push(outcome);
      if (sink.failed) {
        break;
      }
    }
    progress.stop();
    await sink.finish();
  } catch (err) {
    if (!sink.failed) {
      throw err;
    }
    writeFailure = err instanceof Error ? err : new Error(String(err));
  } finally {
    progress.stop();
    await writer.close();
  }
  // What was read and stored so far, also when the target failed
  await writeOut(
    io.stdout,
    renderImportSummary(outcomes, sink.counts, writer.target, settings.format, {
      kind: settings.target.kind,
      countedFromMicros: importedAtMicros,
    }),
  );
  if (writeFailure !== undefined) {
    throw writeFailure;
  }
  const failed = outcomes.filter((o) => o.error !== undefined);
  if (failed.length > 0) {
    throw createInputError(
      'PATHPROF_ERR_INPUT_READ',
      failed.length === 1 ? failed[0]!.file : `${failed.length} files`,
      failed.length === 1
        ? 'could not be read to the end; the spans read before the error were imported'
        : 'could not be read to the end (see the summary)',
    );
  }
}

/** Reads one file into the sink; a file that cannot be read to the end is reported, not thrown. */
async function importFile(
  file: string,
  sink: BatchingSink,
  onProgress: (bytes: number) => void,
): Promise<FileOutcome> {
  const before = { traces: sink.counts.traces, spans: sink.counts.spans };
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
      { onProgress },
    );
    outcome.format = stats.format;
    outcome.bytes = stats.bytes;
    outcome.rejectedByReader = stats.rejectedSpans;
  } catch (err) {
    if (sink.failed || !isSourceError(err)) {
      throw err;
    }
    outcome.error = err.message;
  } finally {
    outcome.traces = sink.counts.traces - before.traces;
    outcome.spans = sink.counts.spans - before.spans;
  }
  return outcome;
}
