/** What the main thread and the profiling workers say to each other. */
import type { EngineState } from '@pathprof/engine';

/** How each worker profiles: the options of the main thread's profiler. */
export interface ProfileWorkerData {
  /** A built-in path key strategy, by name. */
  readonly pathKey: string;
  readonly keepProxies: boolean;
}

/**
 * Consecutive elements of a Jaeger document's `data` array. Element i's
 * bytes are `bytes[ends[i-1], ends[i])` (from 0 for the first); `offsets[i]`
 * is its offset in the input, for error messages.
 */
export interface SliceMessage {
  readonly type: 'slice';
  readonly seq: number;
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
  readonly offsets: Float64Array;
}

export interface FinishMessage {
  readonly type: 'finish';
}

export type ToWorker = SliceMessage | FinishMessage;

/** A slice profiled, or the first problem in it (its message and input offset). */
export interface SliceDone {
  readonly type: 'done';
  readonly seq: number;
  readonly spans: number;
  readonly rejected: number;
  readonly error?: { readonly detail: string; readonly offset: number };
}

export interface WorkerState {
  readonly type: 'state';
  readonly state: EngineState;
}

export type FromWorker = SliceDone | WorkerState;
