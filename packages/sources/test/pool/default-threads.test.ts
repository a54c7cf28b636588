import { describe, expect, it } from 'vitest';
import { defaultThreads } from '@pathprof/sources';

describe('defaultThreads', () => {
  it('starts no worker on one or two cores, where one measured a loss', () => {
    expect(defaultThreads(1)).toBe(0);
    expect(defaultThreads(2)).toBe(0);
  });

  it('starts one worker per core beside the reading thread from three cores', () => {
    expect(defaultThreads(3)).toBe(2);
    expect(defaultThreads(8)).toBe(7);
  });
});
