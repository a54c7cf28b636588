/**
 * Thrown by `pathprof compare` after its report is written when a path
 * regressed significantly: `main` turns it into exit code 3, so a CI step can
 * gate a deploy on the comparison.
 */
export class RegressionFound extends Error {
  override readonly name = 'RegressionFound';

  constructor(readonly regressed: number) {
    super(`${regressed} path(s) regressed significantly`);
  }
}
