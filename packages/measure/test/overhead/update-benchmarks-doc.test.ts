import { describe, expect, it } from 'vitest';
import {
  OVERHEAD_END_MARKER,
  OVERHEAD_START_MARKER,
  spliceOverheadSection,
} from '@pathprof/measure';

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
