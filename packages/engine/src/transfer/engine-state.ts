/**
 * A profiler's or sample set's whole state as plain data, for another
 * thread: a worker profiles part of the input and the main thread merges
 * what it sends back (`merge` equals the union). The receiver supplies the
 * configuration (path key strategy, proxies, bounds) by constructing the
 * instance the state is read into.
 */
import { DDSketch } from '@datadog/sketches-js';
import { AnomalyCandidates } from '../anomalies/anomaly-candidates.js';
import { ComparedHop, ComparedPath } from '../compare/compared-path.js';
import { PathSampleSet } from '../compare/path-sample-set.js';
import { RankSample } from '../compare/rank-sample.js';
import { BoundedSelection } from '../internal/bounded-selection.js';
import { Exemplars } from '../profile/exemplars.js';
import { HopAccumulator } from '../profile/hop-accumulator.js';
import { PathAccumulator } from '../profile/path-accumulator.js';
import { PathProfiler } from '../profile/path-profiler.js';
import { PositionAccumulator } from '../profile/position-accumulator.js';
import { ShapeAccumulator } from '../profile/shape-accumulator.js';
import { ServiceGraphAccumulator } from '../graph/service-graph-accumulator.js';
import {
  Distribution,
  SKETCH_RELATIVE_ACCURACY,
} from '../stats/distribution.js';
import { ValueCounts } from '../stats/value-counts.js';
import { StateTransfer } from './transfer-state.js';

declare const engineStateBrand: unique symbol;

/** Structured-cloneable state of a `PathProfiler`, `PathSampleSet` or `ServiceGraphAccumulator`. */
export type EngineState = { readonly [engineStateBrand]: true };

const newSketch = (): DDSketch =>
  new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
const sample = newSketch();

const TRANSFER = new StateTransfer([
  {
    type: PathProfiler,
    skip: ['options', 'pathKey', 'maxGroups', 'keepsShapes', 'keepsHops'],
  },
  { type: PathSampleSet, skip: ['pathKey', 'keepProxies', 'maxPaths'] },
  { type: ServiceGraphAccumulator, skip: ['options'] },
  { type: PathAccumulator, create: () => new PathAccumulator('', []) },
  { type: ComparedPath, create: () => new ComparedPath('', []) },
  { type: ComparedHop, create: () => new ComparedHop('', '') },
  { type: HopAccumulator, create: () => new HopAccumulator('', '') },
  { type: PositionAccumulator, create: () => new PositionAccumulator('', '') },
  { type: ValueCounts, create: () => new ValueCounts() },
  { type: ShapeAccumulator, create: () => new ShapeAccumulator('') },
  { type: Exemplars, create: () => new Exemplars() },
  { type: AnomalyCandidates, create: () => new AnomalyCandidates() },
  // kept items only: a selection holds up to twice its capacity between compactions
  {
    type: BoundedSelection,
    prepare: (s: BoundedSelection<unknown>) => void s.values(),
  },
  { type: Distribution, create: () => new Distribution() },
  { type: RankSample, create: () => new RankSample() },
  { type: DDSketch, create: newSketch },
  {
    type: sample.mapping.constructor as abstract new () => object,
  },
  { type: sample.store.constructor as abstract new () => object },
]);

/** The engine's classes whose state travels as plain data. */
export type TransferableEngineState =
  PathProfiler | PathSampleSet | ServiceGraphAccumulator;

export function exportEngineState(value: TransferableEngineState): EngineState {
  return TRANSFER.encode(value) as EngineState;
}

/**
 * Reads state exported by `exportEngineState` into `into`, a fresh instance
 * made with the same options as the exported one; returns it.
 */
export function importEngineState<T extends TransferableEngineState>(
  state: EngineState,
  into: T,
): T {
  return TRANSFER.decodeInto(state, into);
}
