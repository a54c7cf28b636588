/**
 * Data problems the engine repaired or skipped instead of throwing. Each names
 * the trace and, where one is to blame, the span.
 */
export type TraceWarningCode =
  | 'orphan-span'
  | 'multiple-roots'
  | 'duplicate-span-id'
  | 'reference-cycle'
  | 'clock-skew-shifted'
  | 'child-clipped'
  | 'timing-inferred'
  | 'invalid-span'
  | 'paths-skipped'
  | 'shared-span-id';

export interface TraceWarning {
  readonly code: TraceWarningCode;
  readonly traceId: string;
  readonly spanId?: string;
  readonly message: string;
}
