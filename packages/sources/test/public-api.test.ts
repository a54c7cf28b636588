import { expect, it } from 'vitest';
import * as api from '@pathprof/sources';

// Exports of the package's index are its public surface: this snapshot makes every change to it deliberate.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "PARALLEL_MIN_BYTES",
      "ParallelProfiling",
      "SOURCE_ERROR_CODES",
      "SourceError",
      "createBatchingSink",
      "createInputError",
      "createJaegerError",
      "defaultThreads",
      "feedJaegerBatches",
      "isSourceError",
      "readJaegerTraces",
      "readTraces",
    ]
  `);
});
