import { expect, it } from 'vitest';
import * as api from '@pathprof/engine';

// Exports of the package's index are its public surface: this snapshot makes every change to it deliberate.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "BUCKETS_PER_DECADE",
      "DEFAULT_ANOMALY_OPTIONS",
      "DEFAULT_BOOTSTRAP_RESAMPLES",
      "DEFAULT_COMPARE_ALPHA",
      "DEFAULT_MAD_THRESHOLD",
      "DEFAULT_MIN_EFFECT",
      "DEFAULT_MIN_SAMPLES",
      "Distribution",
      "EXACT_LIMIT",
      "KEY_BY_SERVICE",
      "KEY_BY_SERVICE_AND_OPERATION",
      "KEY_BY_SERVICE_COLLAPSED",
      "MANN_WHITNEY_METHOD",
      "MAX_PATH_POSITIONS_PER_TRACE",
      "PathProfiler",
      "PathSampleSet",
      "PythonJsonSyntaxError",
      "SKETCH_LOG2_MULTIPLIER",
      "SKETCH_MIN_INDEXABLE",
      "SKETCH_RELATIVE_ACCURACY",
      "SeedInputError",
      "TraceBuffer",
      "analyzeTrace",
      "assignTraceSide",
      "buildTraceTree",
      "comparePathSamples",
      "computeCriticalPath",
      "computeSelfTime",
      "computeShapeSignature",
      "createLatencyHistogramBuilder",
      "createPathStateOptions",
      "createSeedAggregator",
      "createServiceGraphBuilder",
      "createUniform",
      "decodeJaegerTrace",
      "decodeOtlpProtobuf",
      "decodeOtlpTraces",
      "decodeZipkinSpans",
      "extractCallPaths",
      "extractHopTree",
      "isProxySpan",
      "joinPathKey",
      "quantileOfSorted",
      "toIndexedRows",
    ]
  `);
});
