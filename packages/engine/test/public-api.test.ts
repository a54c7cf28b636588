import { expect, it } from 'vitest';
import * as api from '@pathprof/engine';

// Exports of the package's index are its public surface: this snapshot makes every change to it deliberate.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_MAD_THRESHOLD",
      "Distribution",
      "EXACT_LIMIT",
      "KEY_BY_SERVICE",
      "KEY_BY_SERVICE_AND_OPERATION",
      "KEY_BY_SERVICE_COLLAPSED",
      "MAX_PATH_POSITIONS_PER_TRACE",
      "PathProfiler",
      "PythonJsonSyntaxError",
      "SKETCH_RELATIVE_ACCURACY",
      "SeedInputError",
      "TraceBuffer",
      "analyzeTrace",
      "buildTraceTree",
      "computeCriticalPath",
      "computeSelfTime",
      "computeShapeSignature",
      "createSeedAggregator",
      "decodeJaegerTrace",
      "decodeOtlpProtobuf",
      "decodeOtlpTraces",
      "decodeZipkinSpans",
      "extractCallPaths",
      "extractHopTree",
      "isProxySpan",
      "joinPathKey",
      "quantileOfSorted",
    ]
  `);
});
