/** What the main thread and the profiling workers say to each other. */
import type { EngineState, GroupBy } from '@pathprof/engine';
import type { SliceEnd } from '../slices/read-slice.js';

/** How each worker profiles: the options of the main thread's profiler. */
export interface ProfileWorkerData {
  /** A built-in path key strategy, by name. */
  readonly pathKey: string;
  readonly keepProxies: boolean;
  readonly groupings?: readonly GroupBy[];
}

/**
 * A slice of a Jaeger document's `data` array (see read-slice.ts). The
 * worker reads it and sends the bytes back. A `proven` slice (every slice
 * before it was profiled) is profiled as it is read; the traces of another
 * are held until the worker is told to profile them (`commit`) or to drop
 * them (`drop`).
 */
export interface SliceMessage {
  readonly type: 'slice';
  readonly seq: number;
  readonly proven: boolean;
  readonly bytes: Uint8Array<ArrayBuffer>;
}

/** Profile the traces of the oldest slice held, which is `seq`. */
export interface CommitMessage {
  readonly type: 'commit';
  readonly seq: number;
}

/** Drop the traces of the slices held from `seq` on: they were not elements of the array. */
export interface DropMessage {
  readonly type: 'drop';
  readonly seq: number;
}

export interface FinishMessage {
  readonly type: 'finish';
}

export type ToWorker =
  SliceMessage | CommitMessage | DropMessage | FinishMessage;

/** A slice read: how it ends and where, as `readSlice` tells. */
export interface SliceDone {
  readonly type: 'done';
  readonly seq: number;
  readonly end: SliceEnd;
  readonly at: number;
  readonly spans: number;
  readonly rejected: number;
  readonly bytes: Uint8Array<ArrayBuffer>;
}

export interface WorkerState {
  readonly type: 'state';
  readonly state: EngineState;
}

export type FromWorker = SliceDone | WorkerState;
