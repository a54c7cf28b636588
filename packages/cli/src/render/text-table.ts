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

export function renderMarkdownTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string {
  const escape = (s: string): string => s.replace(/\|/g, '\\|');
  const head = `| ${columns.map((c) => escape(c.title)).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`;
  return [
    head,
    rule,
    ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`),
  ].join('\n');
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
