/**
 * Writes the overhead section into a Markdown file between its own markers,
 * leaving everything else (e.g. the `npm run bench` section) untouched; a file
 * without the markers gets the section appended, a missing file is created.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const OVERHEAD_START_MARKER =
  '<!-- overhead:start (written by `pathprof overhead --doc`; do not edit by hand) -->';
export const OVERHEAD_END_MARKER = '<!-- overhead:end -->';

/** The new text of a document with `section` between the markers. */
export function spliceOverheadSection(
  text: string | null,
  section: string,
): string {
  const block = `${OVERHEAD_START_MARKER}\n\n${section.trim()}\n\n${OVERHEAD_END_MARKER}`;
  if (text === null) {
    return `# Benchmarks\n\n${block}\n`;
  }
  const start = text.indexOf(OVERHEAD_START_MARKER);
  const end = text.indexOf(OVERHEAD_END_MARKER);
  return start !== -1 && end > start
    ? text.slice(0, start) +
        block +
        text.slice(end + OVERHEAD_END_MARKER.length)
    : `${text.trimEnd()}\n\n${block}\n`;
}

export function updateBenchmarksDoc(file: string, section: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : null;
  writeFileSync(file, spliceOverheadSection(text, section));
}
