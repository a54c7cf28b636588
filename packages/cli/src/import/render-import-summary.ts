/** The summary `pathprof import` prints: per file, then totals and reasons. */
import { formatCount } from '../render/format-units.js';
import type { ImportCounts } from './batching-sink.js';

export interface FileOutcome {
  file: string;
  format: string;
  bytes: number;
  traces: number;
  spans: number;
  rejectedByReader: number;
  /** Why reading stopped early; absent when the file was read to the end. */
  error: string | undefined;
}

export function renderImportSummary(
  files: readonly FileOutcome[],
  counts: ImportCounts,
  target: string,
  format: 'table' | 'json',
): string {
  const rejectedByReader = files.reduce((n, f) => n + f.rejectedByReader, 0);
  const warnings = Object.fromEntries(
    [...counts.warnings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  if (format === 'json') {
    return `${JSON.stringify(
      {
        target,
        files,
        totals: {
          traces: counts.traces,
          spans: counts.spans,
          stored: counts.stored,
          duplicates: counts.duplicates,
          rejected: rejectedByReader + counts.rejectedByStore,
        },
        rejected: {
          reader: rejectedByReader,
          store: counts.rejectedByStore,
          storeMessage: counts.rejectedMessage ?? null,
        },
        warnings,
      },
      null,
      2,
    )}\n`;
  }
  const lines = [
    `imported ${formatCount(files.length)} file${files.length === 1 ? '' : 's'} into ${target}: ${formatCount(counts.traces)} traces, ${formatCount(counts.stored)} spans stored, ${formatCount(counts.duplicates)} duplicates, ${formatCount(rejectedByReader + counts.rejectedByStore)} rejected`,
  ];
  const width = Math.max(...files.map((f) => f.file.length));
  for (const f of files) {
    lines.push(
      `  ${f.file.padEnd(width)}  ${f.format.padEnd(13)}  ${formatCount(f.traces).padStart(9)} traces  ${formatCount(f.spans).padStart(10)} spans${f.rejectedByReader > 0 ? `  ${formatCount(f.rejectedByReader)} rejected` : ''}${f.error === undefined ? '' : `  FAILED: ${f.error}`}`,
    );
  }
  if (rejectedByReader > 0) {
    lines.push(
      `rejected by the reader (no usable trace or span id): ${formatCount(rejectedByReader)}`,
    );
  }
  if (counts.rejectedByStore > 0) {
    lines.push(
      `rejected by the store: ${formatCount(counts.rejectedByStore)}${counts.rejectedMessage === undefined ? '' : ` (first: ${counts.rejectedMessage})`}`,
    );
  }
  const warned = Object.entries(warnings);
  if (warned.length > 0) {
    lines.push(
      `warnings: ${warned.map(([code, n]) => `${code} ${formatCount(n)}`).join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
