/**
 * The summary `pathprof import` prints: per file, then totals and reasons,
 * and how long the imported traces will be kept.
 */
import { formatCount } from '../render/format-units.js';
import { DEFAULT_RETENTION } from '../serve/collector-defaults.js';
import { parseRetention } from '../serve/collector-flags.js';
import type { ImportCounts } from '@pathprof/sources';

/** Where the traces went and when: retention counts from the import. */
export interface ImportRetention {
  readonly kind: 'store' | 'collector';
  /** When the import began, µs since the epoch. */
  readonly countedFromMicros: number;
}

/** `pathprof serve`'s default retention, µs. */
const DEFAULT_RETENTION_MICROS = parseRetention(DEFAULT_RETENTION)!;

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
  retention: ImportRetention,
): string {
  const keptUntil = new Date(
    (retention.countedFromMicros + DEFAULT_RETENTION_MICROS) / 1000,
  ).toISOString();
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
        retention: {
          countedFromMicros: retention.countedFromMicros,
          defaultRetentionSeconds: DEFAULT_RETENTION_MICROS / 1e6,
          keptUntilByDefault: keptUntil,
        },
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
  const until = `${keptUntil.slice(0, 16).replace('T', ' ')} UTC`;
  lines.push(
    retention.kind === 'store'
      ? `kept: pathprof serve keeps these traces for its --retention counted from this import — with the default ${DEFAULT_RETENTION}, until ${until}; --retention 0 keeps them for good`
      : `kept: the collector keeps these traces for its --retention counted from this import — with pathprof serve's default ${DEFAULT_RETENTION}, until ${until}`,
  );
  return `${lines.join('\n')}\n`;
}
