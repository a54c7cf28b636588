/**
 * Holm's step-down adjustment: sort the m p-values ascending, multiply the
 * i-th smallest (0-based) by m − i, carry the running maximum so adjusted
 * values keep the raw order, cap at 1. Rejecting every adjusted p < alpha
 * keeps the chance of any false rejection (family-wise error) below alpha.
 *
 *   raw       [0.01, 0.04, 0.03]     (m = 3)
 *   sorted    0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max-carried 0.06
 *   adjusted  [0.03, 0.06, 0.06]
 */
export function adjustHolm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues
    .map((p, index) => ({ p, index }))
    .sort((a, b) => a.p - b.p || a.index - b.index);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, p * (m - rank)));
    adjusted[index] = running;
  });
  return adjusted;
}
