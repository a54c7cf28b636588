/** Validation of `pathprof import` flags. */
import { UsageError } from '../shared/usage-error.js';
import { DEFAULT_DATA_DIR, TOKEN_ENV } from '../serve/collector-defaults.js';

export interface ImportFlags {
  data?: string;
  to?: string;
  token?: string;
  batchSpans?: string;
  format: string;
  progress?: boolean;
}

export interface ImportSettings {
  readonly target:
    | { readonly kind: 'store'; readonly data: string }
    | {
        readonly kind: 'collector';
        readonly url: URL;
        readonly token: string | undefined;
      };
  readonly batchSpans: number;
  readonly format: 'table' | 'json';
  readonly progress: boolean;
}

export const IMPORT_MESSAGES = {
  noFiles: 'give one or more trace files to import',
  dataAndTo: 'give --data DIR or --to URL, not both',
  badTo: (v: string) =>
    `--to: "${v}" is not an http(s) URL of a collector's OTLP/HTTP port, e.g. http://127.0.0.1:4318`,
  badBatch: (v: string) =>
    `--batch-spans: "${v}" is not an integer from 1 to 100000`,
  badFormat: (v: string) => `--format: "${v}" is not one of table, json`,
} as const;

export function parseImportFlags(
  flags: ImportFlags,
  env: Readonly<Record<string, string | undefined>>,
): ImportSettings {
  if (flags.format !== 'table' && flags.format !== 'json') {
    throw new UsageError('--format', IMPORT_MESSAGES.badFormat(flags.format));
  }
  if (flags.data !== undefined && flags.to !== undefined) {
    throw new UsageError('--to', IMPORT_MESSAGES.dataAndTo);
  }
  const batchText = flags.batchSpans ?? '5000';
  const batchSpans = Number(batchText);
  if (!/^\d+$/.test(batchText) || batchSpans < 1 || batchSpans > 100_000) {
    throw new UsageError('--batch-spans', IMPORT_MESSAGES.badBatch(batchText));
  }
  let target: ImportSettings['target'];
  if (flags.to !== undefined) {
    let url: URL;
    try {
      url = new URL(flags.to);
    } catch {
      throw new UsageError('--to', IMPORT_MESSAGES.badTo(flags.to));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UsageError('--to', IMPORT_MESSAGES.badTo(flags.to));
    }
    const token = flags.token ?? env[TOKEN_ENV];
    target = {
      kind: 'collector',
      url,
      token: token === '' ? undefined : token,
    };
  } else {
    target = { kind: 'store', data: flags.data ?? DEFAULT_DATA_DIR };
  }
  return {
    target,
    batchSpans,
    format: flags.format,
    progress: flags.progress !== false,
  };
}
