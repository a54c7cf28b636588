/**
 * Sorts node indexes by start, then index. Sibling lists are mostly short
 * and in order already: insertion sort, without a comparator closure.
 */
export function sortByStart(list: number[], starts: Float64Array): void {
  if (list.length > 16) {
    list.sort((a, b) => starts[a]! - starts[b]! || a - b);
    return;
  }
  for (let k = 1; k < list.length; k++) {
    const x = list[k]!;
    const xs = starts[x]!;
    let j = k - 1;
    while (j >= 0) {
      const y = list[j]!;
      if ((starts[y]! - xs || y - x) <= 0) {
        break;
      }
      list[j + 1] = y;
      j--;
    }
    list[j + 1] = x;
  }
}
