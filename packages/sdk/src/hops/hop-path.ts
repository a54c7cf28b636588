import { PATH_SEPARATOR } from './hop-attributes.js';

/**
 * The path of a call, `svc-a:a3 > svc-e:e1 > svc-d:d2`, bounded in length.
 *
 * Past the bound, the middle of the path is elided: the first hop stays, a
 * marker `…<n>#<hash>` stands for the n hops dropped (FNV-1a 32-bit of their
 * labels, folded hop by hop), then as many of the last hops as fit. Each hop
 * applies the rule to the path it received, so the result depends only on the
 * full path and two long paths share a key only on a hash collision:
 *
 *   a:1 > a:2 > b:3 > c:4 > d:5   (too long)
 *   a:1 > …2#5d1c0e4f > c:4 > d:5
 */
export const DEFAULT_MAX_PATH_LENGTH = 1024;
export const MIN_MAX_PATH_LENGTH = 320;
/**
 * Keeps the baggage entry within the W3C limit of 4096 bytes (OpenTelemetry
 * drops longer entries) for ASCII names: an ASCII character encodes to at most
 * 3 bytes, `…` to 9 (at most 11 of them: the marker and cut labels), and
 * `pathprof.path=` takes 14; 3 × 1300 + 11 × 6 + 14 ≤ 4096.
 */
export const MAX_MAX_PATH_LENGTH = 1300;
/** Longer service or hop names are cut to this many characters, ending in `…`. */
export const MAX_LABEL_LENGTH = 128;

const ELLIPSIS = '…';
const MARKER_RE = /^…(\d+)#([0-9a-f]{8})$/;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function clip(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  let end = max - 1;
  // never split a surrogate pair: half of one has no UTF-8 form
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    end -= 1;
  }
  return `${text.slice(0, end)}${ELLIPSIS}`;
}

/** The label of a hop in paths: `service:name`. */
export function formatHopLabel(serviceName: string, hopName: string): string {
  return clip(`${serviceName}:${hopName}`, MAX_LABEL_LENGTH);
}

function foldHash(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h;
}

/** Appends `label` to `path` (absent or empty: a new path), keeping it within `maxLength`. */
export function appendHopToPath(
  path: string | undefined,
  label: string,
  maxLength: number,
): string {
  if (path === undefined || path === '') {
    return clip(label, maxLength);
  }
  const full = `${path}${PATH_SEPARATOR}${label}`;
  if (full.length <= maxLength) {
    return full;
  }
  return elideMiddle(full.split(PATH_SEPARATOR), maxLength);
}

function elideMiddle(segments: string[], maxLength: number): string {
  const head = clip(segments[0] ?? '', MAX_LABEL_LENGTH);
  const rest = segments.slice(1).map((s) => clip(s, MAX_LABEL_LENGTH));
  let dropped = 0;
  let hash = FNV_OFFSET;
  const marker = MARKER_RE.exec(rest[0] ?? '');
  if (marker !== null) {
    dropped = Number(marker[1]);
    hash = parseInt(marker[2]!, 16);
    rest.shift();
  } else {
    const clipped = [head, ...rest].join(PATH_SEPARATOR);
    if (clipped.length <= maxLength) {
      return clipped;
    }
  }
  const sep = PATH_SEPARATOR.length;
  let tailLength = rest.reduce((n, s) => n + sep + s.length, 0);
  const lengthWith = (n: number): number =>
    head.length + sep + markerText(n, hash).length + tailLength;
  while (
    rest.length > 1 &&
    (dropped === 0 || lengthWith(dropped) > maxLength)
  ) {
    const gone = rest.shift()!;
    tailLength -= sep + gone.length;
    hash = foldHash(hash, `${gone}${PATH_SEPARATOR}`);
    dropped++;
  }
  return dropped === 0
    ? [head, ...rest].join(PATH_SEPARATOR)
    : [head, markerText(dropped, hash), ...rest].join(PATH_SEPARATOR);
}

function markerText(dropped: number, hash: number): string {
  return `${ELLIPSIS}${dropped}#${hash.toString(16).padStart(8, '0')}`;
}
