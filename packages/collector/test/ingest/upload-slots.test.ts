import { describe, expect, it } from 'vitest';
import { createUploadSlots } from '../../src/ingest/upload-slots.js';

describe('createUploadSlots', () => {
  it('gives each address its own slots up to the limit', () => {
    const slots = createUploadSlots(2);
    const a1 = slots.tryTake('10.0.0.1');
    const a2 = slots.tryTake('10.0.0.1');
    expect(a1).not.toBeNull();
    expect(a2).not.toBeNull();
    expect(slots.tryTake('10.0.0.1')).toBeNull();
    expect(slots.tryTake('10.0.0.2')).not.toBeNull();
    expect(slots.taken).toBe(3);
  });

  it('takes a slot back once, however often it is given back', () => {
    const slots = createUploadSlots(1);
    const give = slots.tryTake('::1')!;
    give();
    give();
    expect(slots.taken).toBe(0);
    const again = slots.tryTake('::1');
    expect(again).not.toBeNull();
    expect(slots.tryTake('::1')).toBeNull();
  });
});
