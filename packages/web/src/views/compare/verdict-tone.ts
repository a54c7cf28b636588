/**
 * One rule for how a compared path is drawn, so its verdict, colours and
 * significance mark never disagree: only a regressed or improved path is
 * coloured (red or green), and within it only the changes that point the
 * verdict's way; every other change is drawn neutral, whatever its sign.
 * The significance star marks exactly the regressed and improved paths; a
 * significant test whose change stays below the minimum effect says so.
 */
import type { PathComparison } from '../../api/api-types.js';
import type { ChangeDirection } from './measure-change.js';

export type Tone = 'worse' | 'better' | 'neutral';

export function verdictTone(verdict: PathComparison['verdict']): Tone {
  return verdict === 'regressed'
    ? 'worse'
    : verdict === 'improved'
      ? 'better'
      : 'neutral';
}

/** The tone of one change in a row with this verdict. */
export function changeTone(
  verdict: PathComparison['verdict'],
  direction: ChangeDirection,
): Tone {
  const tone = verdictTone(verdict);
  return tone !== 'neutral' && direction === tone ? tone : 'neutral';
}

export type SignificanceMark =
  | { readonly kind: 'none' }
  | { readonly kind: 'star'; readonly tone: Tone; readonly p: string }
  | { readonly kind: 'below-effect'; readonly p: string }
  | { readonly kind: 'not-significant'; readonly p: string };

export function significanceMark(path: PathComparison): SignificanceMark {
  if (path.test === undefined) {
    return { kind: 'none' };
  }
  const p =
    path.test.pValue < 0.001 ? '< 0.001' : `= ${path.test.pValue.toFixed(3)}`;
  const tone = verdictTone(path.verdict);
  if (tone !== 'neutral') {
    return { kind: 'star', tone, p };
  }
  return path.test.significant
    ? { kind: 'below-effect', p }
    : { kind: 'not-significant', p };
}
