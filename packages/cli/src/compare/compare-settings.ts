/** The flags of `pathprof compare`, the plan they validate into, and its messages. */
import type { AttributeSplit, PathKeyStrategy } from '@pathprof/engine';
import type { WindowRange } from './parse-window-range.js';

/** As commander hands them over: raw strings, absent when not given. */
export interface CompareFlags {
  baseline?: string[];
  candidate?: string[];
  baselineWindow?: string;
  candidateWindow?: string;
  by?: string;
  window?: string;
  jaeger?: string;
  service?: string;
  limit?: string;
  data?: string;
  format: string;
  alpha?: string;
  minEffect?: string;
  minSamples?: string;
  pathKey: string;
  keepProxies?: boolean;
  all?: boolean;
}

export type TraceSource =
  | { readonly kind: 'files'; readonly files: readonly string[] }
  | {
      readonly kind: 'jaeger';
      readonly url: string;
      readonly service: string;
      readonly limit?: string;
      readonly window: WindowRange;
    }
  | {
      readonly kind: 'store';
      readonly data: string;
      readonly service?: string;
      readonly window: WindowRange;
    };

export type ComparePlan =
  | {
      readonly kind: 'sides';
      readonly baseline: TraceSource;
      readonly candidate: TraceSource;
    }
  | {
      readonly kind: 'split';
      readonly source: TraceSource;
      readonly split: AttributeSplit;
    };

export interface CompareSettings {
  readonly plan: ComparePlan;
  readonly format: 'table' | 'json' | 'markdown';
  readonly alpha: number;
  readonly minEffect: number;
  readonly minSamples: number;
  readonly pathKey: PathKeyStrategy;
  readonly keepProxies: boolean;
  /** Show unchanged paths too in table and Markdown output. */
  readonly all: boolean;
}

export const COMPARE_MESSAGES = {
  badFormat: (v: string) =>
    `--format: "${v}" is not one of table, json, markdown`,
  badPathKey: (v: string) =>
    `--path-key: "${v}" is not one of service+operation, service, service-collapsed`,
  badNumber: (flag: string, v: string, range: string) =>
    `${flag}: "${v}" is not ${range}`,
  badBy: (v: string) =>
    `--by: "${v}" is not KEY=BASELINE,CANDIDATE with two different values, e.g. service.version=v1,v2`,
  noInput:
    'nothing to compare: give --baseline FILE… --candidate FILE…, --baseline-window/--candidate-window with --jaeger or --data, or --by KEY=V1,V2',
  bothSides: (a: string, b: string) => `give both ${a} and ${b}`,
  filesAndWindows:
    'give --baseline/--candidate files or --baseline-window/--candidate-window, not both',
  filesAndServer: 'trace files cannot be combined with --jaeger or --data',
  jaegerAndData: 'give --jaeger URL or --data DIR, not both',
  needsJaeger: (flag: string) => `${flag} needs --jaeger`,
  filesNeedBy:
    'positional files are split with --by; otherwise use --baseline FILE… --candidate FILE…',
  windowNeedsBy:
    '--window selects the traces --by splits; compare two windows with --baseline-window and --candidate-window',
  windowWithFiles: '--window applies to --jaeger or --data, not to files',
  windowsNeedSource:
    'time windows need a source: --jaeger URL --service NAME, or --data DIR',
  byWithSides:
    '--by splits one source; it cannot be combined with --baseline/--candidate or their windows',
} as const;
