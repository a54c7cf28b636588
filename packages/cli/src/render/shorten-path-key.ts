/**
 * A path key short enough for a terminal table: the entry hop, then as many
 * hops from the end as fit, the hops between elided (`a > … > y > z`). The
 * detail section under the table, and JSON, keep the whole key.
 */
import { PATH_SEPARATOR } from '@pathprof/model';

const ELISION = '…';

export function shortenPathKey(key: string, maxChars: number): string {
  if ([...key].length <= maxChars) {
    return key;
  }
  const hops = key.split(PATH_SEPARATOR);
  const first = hops[0]!;
  const glue = `${PATH_SEPARATOR}${ELISION}${PATH_SEPARATOR}`;
  let tail: string[] = [];
  for (let i = hops.length - 1; i > 0; i--) {
    const candidate = [hops[i]!, ...tail];
    if (
      [...`${first}${glue}${candidate.join(PATH_SEPARATOR)}`].length > maxChars
    ) {
      break;
    }
    tail = candidate;
  }
  if (tail.length > 0) {
    return `${first}${glue}${tail.join(PATH_SEPARATOR)}`;
  }
  // not even the entry and the last hop fit: cut the text itself in the middle
  const chars = [...key];
  const keep = Math.max(1, maxChars - 1);
  const head = Math.ceil(keep / 2);
  return `${chars.slice(0, head).join('')}${ELISION}${chars.slice(chars.length - (keep - head)).join('')}`;
}
