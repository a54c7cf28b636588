// Exports added here are public: list each one by name.
//
// The measurement tools behind `pathprof load` and `pathprof overhead`: open
// loop load with its latency report, and the instrumentation-overhead
// experiment with its analysis, plus the description of the machine both
// (and the benchmark scripts) report. The CLI parses flags and renders.
export { describeMachine } from './describe-machine.js';
export type { MachineDescription } from './describe-machine.js';
export { monotonicMicros, waitUntil } from './monotonic-clock.js';
export type { MicrosClock } from './monotonic-clock.js';
export { describeNetworkError, sendGet } from './send-get.js';

export {
  arrivalOffsetMicros,
  countArrivals,
  countDueArrivals,
} from './load/arrival-schedule.js';
export {
  DEFAULT_RECORDER_CAPACITY,
  LatencyRecorder,
} from './load/latency-recorder.js';
export type { LatencySummary } from './load/latency-recorder.js';
export { buildLoadReport } from './load/load-report.js';
export type { LoadReport, RouteLoadReport } from './load/load-report.js';
export {
  resolveRouteUrl,
  resolveSystemRouteUrl,
} from './load/resolve-route-url.js';
export type { SystemAddresses } from './load/resolve-route-url.js';
export {
  MAX_ROUTE_WEIGHT,
  buildRouteCycle,
  createRouteMix,
  parseWeightedRoutes,
} from './load/route-mix.js';
export type { WeightedRoute } from './load/route-mix.js';
export { createLoadAgent, runLoad } from './load/run-load.js';
export type {
  LoadHooks,
  LoadPlan,
  LoadProgress,
  LoadRun,
  LoadTarget,
  RouteCounters,
} from './load/run-load.js';

export { buildInterleavedSchedule } from './overhead/ab-schedule.js';
export { analyzeRoute } from './overhead/analyze-overhead.js';
export type {
  ArmResult,
  ComparisonResult,
  RouteResult,
} from './overhead/analyze-overhead.js';
export {
  ARM_STATISTICS,
  computeArmStatistics,
} from './overhead/arm-statistics.js';
export type { ArmStatistics } from './overhead/arm-statistics.js';
export {
  collectProcessTree,
  createProcCpuSampler,
  parseProcStat,
  parseSchedstatNanos,
} from './overhead/cpu-sampling.js';
export type {
  CpuMethod,
  CpuReading,
  CpuSampler,
  ProcStat,
} from './overhead/cpu-sampling.js';
export {
  CPU_SETTLE_MILLIS,
  CPU_WARMUP_ROUNDS,
  EXPORT_DELAY_MILLIS,
  measureOverhead,
  overheadServiceEnv,
} from './overhead/measure-overhead.js';
export type {
  MeasuredSystem,
  OverheadEnvironment,
  OverheadExperiment,
  OverheadSystemOptions,
  OverheadSystemStarter,
} from './overhead/measure-overhead.js';
export {
  DEFAULT_OVERHEAD_ROUTES,
  findOverheadRoute,
  listOverheadRoutes,
  twinRoute,
} from './overhead/multi-svc-routes.js';
export type { OverheadRoute } from './overhead/multi-svc-routes.js';
export { startOtlpSink } from './overhead/otlp-sink.js';
export type { OtlpSink } from './overhead/otlp-sink.js';
export {
  ARMS,
  COMPARISONS,
  SDK_MODE_ENV,
  selectArms,
  selectComparisons,
} from './overhead/overhead-arms.js';
export type {
  ArmId,
  Baseline,
  Comparison,
  OverheadArm,
  SdkMode,
} from './overhead/overhead-arms.js';
export {
  CPU_PER_CALL_TARGET_MICROS,
  P50_RATIO_TARGET,
  evaluateTargets,
  formatOverheadCommand,
} from './overhead/overhead-report.js';
export type {
  OverheadReport,
  OverheadSettings,
  TargetResult,
} from './overhead/overhead-report.js';
export { runOverhead, timeRequest } from './overhead/run-overhead.js';
export type {
  ArmEndpoint,
  CpuBlock,
  OverheadHooks,
  OverheadPlan,
  RouteMeasurement,
} from './overhead/run-overhead.js';
export {
  OVERHEAD_END_MARKER,
  OVERHEAD_START_MARKER,
  spliceOverheadSection,
  updateBenchmarksDoc,
} from './overhead/update-benchmarks-doc.js';
