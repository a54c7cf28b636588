/**
 * A Markdown table laid out exactly as Prettier formats one (cells padded to
 * the column width, `---:` for right-aligned columns), so a generated
 * docs/BENCHMARKS.md passes `prettier --check` without a formatting pass.
 */
import type { Column } from '../render/text-table.js';

export function renderAlignedMarkdownTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string {
  const escape = (s: string): string => s.replace(/\|/g, '\\|');
  const cells = [
    columns.map((c) => escape(c.title)),
    ...rows.map((r) => r.map(escape)),
  ];
  const width = (s: string): number => [...s].length;
  const widths = columns.map((_, i) =>
    Math.max(3, ...cells.map((r) => width(r[i] ?? ''))),
  );
  const pad = (s: string, i: number): string => {
    const fill = ' '.repeat(widths[i]! - width(s));
    return columns[i]!.align === 'right' ? fill + s : s + fill;
  };
  const line = (r: readonly string[]): string =>
    `| ${columns.map((_, i) => pad(r[i] ?? '', i)).join(' | ')} |`;
  const rule = `| ${columns
    .map((c, i) =>
      c.align === 'right'
        ? `${'-'.repeat(widths[i]! - 1)}:`
        : '-'.repeat(widths[i]!),
    )
    .join(' | ')} |`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}
