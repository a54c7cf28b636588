/**
 * Which `pathprof.path` values may become a `path` label of their own. The
 * rest are folded into `path="other"` and counted by reason, so a scrape
 * stays bounded whatever the traffic sends.
 */
/** The shared label value of every folded path. */
export const OTHER_PATH_LABEL = 'other';

/**
 * Longest path label, in UTF-16 code units: the SDK's upper clamp of
 * `maxPathLength`, so every path the SDK writes fits; longer values come from
 * elsewhere and are folded, never cut (a cut path would read as a real one).
 */
export const MAX_PATH_LABEL_CHARS = 1300;

/** Why a path got no label of its own; the `reason` label of `pathprof_path_labels_overflow_total`. */
export type PathFoldReason = 'max_paths' | 'too_long' | 'malformed';

export const PATH_FOLD_REASONS: readonly PathFoldReason[] = [
  'max_paths',
  'too_long',
  'malformed',
];

// A surrogate half without its partner cannot be encoded as UTF-8.
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls and DEL: no instrumentation writes them into a hop label.
// eslint-disable-next-line no-control-regex
const CONTROL_CHAR = /[\u0000-\u001F\u007F]/;

/**
 * `null` when `path` may be a label value as it is, else why it must be
 * folded. Only the form is checked here; the budget of `maxPaths` distinct
 * labels is the caller's.
 */
export function checkPathLabel(path: string): PathFoldReason | null {
  if (path.length > MAX_PATH_LABEL_CHARS) {
    return 'too_long';
  }
  if (
    path === OTHER_PATH_LABEL ||
    LONE_SURROGATE.test(path) ||
    CONTROL_CHAR.test(path)
  ) {
    return 'malformed';
  }
  return null;
}
