import { expect, it } from 'vitest';
import * as api from '@pathprof/cli';

// Exports of the package's index are its public surface: this snapshot makes every change to it deliberate.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "EXIT_FAILURE",
      "EXIT_OK",
      "EXIT_USAGE",
      "buildMeshConfig",
      "listShowcaseImages",
      "main",
      "runServe",
    ]
  `);
});
