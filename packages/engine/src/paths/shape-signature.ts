/**
 * A canonical signature of a trace's whole hop tree: each hop as
 * `label(children…)`, children sorted by signature, equal siblings counted
 * (`svc-d:d2×3`), roots joined by ` | `. Two traces have the same shape exactly
 * when their hop trees are equal up to sibling order.
 *
 * A subtree whose signature would exceed MAX_SUBTREE_SIGNATURE characters is
 * written `label(…#hash)`, the hash (64 bits, two FNV-1a variants) taken over
 * its full text, so deep or wide traces cost O(hops) and stay comparable.
 *
 *   a3 ─┬─ e1 ─┬─ f1
 *       │      └─ d2      =>  svc-a:a3(svc-e:e1(svc-d:d2,svc-f:f1),svc-g:g1)
 *       └─ g1
 */
import type { HopTree } from '../hops/hop-tree.js';
import { uint8s } from '../internal/typed-slab.js';

export const MAX_SUBTREE_SIGNATURE = 512;

export function computeShapeSignature(
  hopTree: HopTree,
  labelHop: (h: number) => string,
): string {
  const { children, roots } = hopTree;
  const n = hopTree.hops.length;
  const signature: string[] = new Array<string>(n);
  // post-order without recursion: push each hop twice, compute on the second visit
  const stack: number[] = [];
  const expanded = uint8s(n);
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
    const full =
      kids.length === 0
        ? label
        : `${label}(${joinCounted(
            kids.map((c) => signature[c]!),
            ',',
          )})`;
    signature[h] =
      full.length <= MAX_SUBTREE_SIGNATURE
        ? full
        : `${label}(…#${hashText(full)})`;
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

/** 64-bit digest as 16 hex digits: FNV-1a with two different offset bases. */
function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (
    (a >>> 0).toString(16).padStart(8, '0') +
    (b >>> 0).toString(16).padStart(8, '0')
  );
}
