import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { renderMarkdownTable } from '../../../src/render/text-table.js';
import {
  OVERHEAD_END_MARKER,
  OVERHEAD_START_MARKER,
  spliceOverheadSection,
} from '../../../src/measure/overhead/update-benchmarks-doc.js';

describe('renderMarkdownTable', () => {
  it('lays a table out exactly as Prettier does', async () => {
    const table = renderMarkdownTable(
      [{ title: 'Route' }, { title: 'p50', align: 'right' }, { title: 'x' }],
      [
        ['a1', '1.23ms [1.20ms, 1.30ms]', 'µs'],
        ['a4 | pipe', '998µs', ''],
      ],
    );
    const text = `# T\n\n${table}\n`;
    expect(await prettier.format(text, { parser: 'markdown' })).toBe(text);
  });
});

describe('spliceOverheadSection', () => {
  it('creates a document with the section between markers', () => {
    const text = spliceOverheadSection(null, '## Overhead\n\nnumbers');
    expect(text).toBe(
      `# Benchmarks\n\n${OVERHEAD_START_MARKER}\n\n## Overhead\n\nnumbers\n\n${OVERHEAD_END_MARKER}\n`,
    );
  });

  it('appends to a document without markers, keeping its text', () => {
    const text = spliceOverheadSection('# Benchmarks\n\nbench stuff\n', 'new');
    expect(text).toBe(
      `# Benchmarks\n\nbench stuff\n\n${OVERHEAD_START_MARKER}\n\nnew\n\n${OVERHEAD_END_MARKER}\n`,
    );
  });

  it('replaces only what is between its markers', () => {
    const before = spliceOverheadSection('head\n', 'old');
    const after = spliceOverheadSection(`${before}\ntail\n`, 'new');
    expect(after).toContain('head\n');
    expect(after).toContain('\nnew\n');
    expect(after).not.toContain('old');
    expect(after.endsWith('tail\n')).toBe(true);
  });
});
