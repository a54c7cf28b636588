/** Aligned plain-text and Markdown tables. Numeric-looking cells are right-aligned. */
export interface Column {
  readonly title: string;
  readonly align?: 'left' | 'right';
}

export function renderTextTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  indent = '',
): string {
  const widths = columns.map((c, i) =>
    Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    indent +
    cells
      .map((cell, i) =>
        columns[i]!.align === 'right'
          ? cell.padStart(widths[i]!)
          : cell.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...rows.map(line)].join('\n');
}

/**
 * A Markdown table laid out as Prettier formats one (cells padded to the column
 * width, `---:` for right-aligned columns), so generated docs pass `prettier --check`.
 */
export function renderMarkdownTable(
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

export function renderCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cell = (v: string | number): string => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
