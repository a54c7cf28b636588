/**
 * A canonical signature of a trace's whole hop tree: each hop as
 * `label(children…)`, children sorted by signature, equal siblings counted
 * (`svc-d:d2×3`), roots joined by ` | `. Two traces have the same shape exactly
 * when their hop trees are equal up to sibling order.
 *
 *   a3 ─┬─ e1 ─┬─ f1
 *       │      └─ d2      =>  svc-a:a3(svc-e:e1(svc-d:d2,svc-f:f1),svc-g:g1)
 *       └─ g1
 */
import type { HopTree } from '../hops/hop-tree.js';

export function computeShapeSignature(
  hopTree: HopTree,
  labelHop: (h: number) => string,
): string {
  const { children, roots } = hopTree;
  const n = hopTree.hops.length;
  const signature: string[] = new Array<string>(n);
  // post-order without recursion: push each hop twice, compute on the second visit
  const stack: number[] = [];
  const expanded = new Uint8Array(n);
  for (const r of roots) {
    stack.push(r);
  }
  while (stack.length > 0) {
    const h = stack[stack.length - 1]!;
    if (expanded[h] === 0) {
      expanded[h] = 1;
      for (const c of children[h]!) {
        stack.push(c);
      }
      continue;
    }
    stack.pop();
    const kids = children[h]!;
    const label = labelHop(h);
    signature[h] =
      kids.length === 0
        ? label
        : `${label}(${joinCounted(
            kids.map((c) => signature[c]!),
            ',',
          )})`;
  }
  return joinCounted(
    roots.map((r) => signature[r]!),
    ' | ',
  );
}

function joinCounted(parts: string[], separator: string): string {
  parts.sort();
  const out: string[] = [];
  let i = 0;
  while (i < parts.length) {
    let j = i + 1;
    while (j < parts.length && parts[j] === parts[i]) {
      j++;
    }
    out.push(j - i > 1 ? `${parts[i]!}×${j - i}` : parts[i]!);
    i = j;
  }
  return out.join(separator);
}
