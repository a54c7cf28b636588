// Types of seed-shaped-traces.mjs for TypeScript callers (the e2e tests).

export interface JaegerTag {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64';
  value: string | number | boolean;
}

export interface JaegerProcess {
  serviceName: string;
  tags: JaegerTag[];
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  flags: number;
  operationName: string;
  references: { refType: 'CHILD_OF'; traceID: string; spanID: string }[];
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: JaegerTag[];
  logs: { timestamp: number; fields: JaegerTag[] }[];
  processID: string;
  warnings: null;
}

export interface JaegerTrace {
  traceID: string;
  /** The root first, then parents before their children. */
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings: null;
}

export interface SeedTraceOptions {
  traces: number;
  seed?: number;
  startMicros?: number;
  errorRate?: number;
  outlierRate?: number;
}

export declare const DEFAULT_START_MICROS: number;

/** Yields seed-shaped traces one at a time; treat them as read-only (they share constant objects). */
export declare function generateSeedTraces(
  options: SeedTraceOptions,
): Generator<JaegerTrace, void, undefined>;
