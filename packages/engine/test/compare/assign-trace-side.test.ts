import { describe, expect, it } from 'vitest';
import { assignTraceSide } from '@pathprof/engine';
import type { Span } from '@pathprof/model';
import { span } from '../helpers.js';

const split = { key: 'service.version', baseline: 'v1', candidate: 'v2' };

function withResource(s: Span, resource: Span['resource']): Span {
  return { ...s, resource };
}

describe('assignTraceSide', () => {
  // front (v9) → back (v2)
  const front = withResource(
    span({ id: 'f', service: 'front', start: 0, dur: 10 }),
    {
      'service.version': 'v9',
    },
  );
  const back = (version: string | number): Span =>
    withResource(
      span({ id: 'b', parent: 'f', service: 'back', start: 1, dur: 5 }),
      {
        'service.version': version,
      },
    );

  it('assigns a trace by any span carrying the value as a resource attribute', () => {
    expect(assignTraceSide([front, back('v2')], split)).toBe('candidate');
    expect(assignTraceSide([front, back('v1')], split)).toBe('baseline');
  });

  it('looks only at the given service when told', () => {
    expect(
      assignTraceSide([front, back('v2')], { ...split, service: 'front' }),
    ).toBeNull();
    expect(
      assignTraceSide([front, back('v2')], { ...split, service: 'back' }),
    ).toBe('candidate');
  });

  it('prefers the span attribute over the resource attribute and compares text', () => {
    const tagged = span({
      id: 'x',
      start: 0,
      dur: 1,
      attrs: { 'service.version': 2 },
    });
    expect(
      assignTraceSide([withResource(tagged, { 'service.version': 'v1' })], {
        ...split,
        candidate: '2',
      }),
    ).toBe('candidate');
  });

  it('leaves a trace carrying both values to neither side', () => {
    const other = withResource(
      span({ id: 'o', parent: 'f', service: 'o', start: 2, dur: 1 }),
      {
        'service.version': 'v1',
      },
    );
    expect(assignTraceSide([front, back('v2'), other], split)).toBe(
      'ambiguous',
    );
  });

  it('returns null when no span carries either value', () => {
    expect(assignTraceSide([front], split)).toBeNull();
  });
});
