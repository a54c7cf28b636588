import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { renderMarkdownTable } from '../../src/render/text-table.js';

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
