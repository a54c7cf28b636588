import { describe, expect, it } from 'vitest';
import {
  appendHopToPath,
  formatHopLabel,
  MAX_LABEL_LENGTH,
  MIN_MAX_PATH_LENGTH,
} from '../../src/hops/hop-path.js';

const label = (i: number): string => `svc-${i}:op-${i}`;

function pathOf(hops: number, max: number): string {
  let path: string | undefined;
  for (let i = 0; i < hops; i++) {
    path = appendHopToPath(path, label(i), max);
  }
  return path!;
}

describe('appendHopToPath', () => {
  it('starts a path with the label when there is none', () => {
    expect(appendHopToPath(undefined, 'svc-a:a1', 1024)).toBe('svc-a:a1');
    expect(appendHopToPath('', 'svc-a:a1', 1024)).toBe('svc-a:a1');
  });

  it('appends the label with the separator', () => {
    expect(appendHopToPath('svc-a:a3 > svc-e:e1', 'svc-d:d2', 1024)).toBe(
      'svc-a:a3 > svc-e:e1 > svc-d:d2',
    );
  });

  it('keeps the first hop, an elision marker and the last hops past the bound', () => {
    const path = pathOf(60, MIN_MAX_PATH_LENGTH);

    const segments = path.split(' > ');
    expect(path.length).toBeLessThanOrEqual(MIN_MAX_PATH_LENGTH);
    expect(segments[0]).toBe('svc-0:op-0');
    expect(segments[1]).toMatch(/^…\d+#[0-9a-f]{8}$/);
    expect(segments.at(-1)).toBe('svc-59:op-59');
    const dropped = Number(/^…(\d+)#/.exec(segments[1]!)![1]);
    expect(dropped + segments.length - 1).toBe(60);
  });

  it('gives the same bounded path for the same hops and different ones otherwise', () => {
    const a = pathOf(80, MIN_MAX_PATH_LENGTH);
    const b = pathOf(80, MIN_MAX_PATH_LENGTH);
    let c: string | undefined;
    for (let i = 0; i < 80; i++) {
      c = appendHopToPath(
        c,
        i === 5 ? 'svc-x:other' : label(i),
        MIN_MAX_PATH_LENGTH,
      );
    }

    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(c!.split(' > ').slice(2)).toEqual(a.split(' > ').slice(2));
  });

  it('cuts an overlong label to MAX_LABEL_LENGTH characters ending in an ellipsis', () => {
    const long = formatHopLabel('svc-a', 'x'.repeat(500));

    expect(long).toHaveLength(MAX_LABEL_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });

  it('never cuts a label inside a surrogate pair', () => {
    // 'svc-a:' is 6 code units, so the cut at MAX_LABEL_LENGTH − 1 lands
    // between the two halves of the emoji that straddles it
    const name = `${'x'.repeat(MAX_LABEL_LENGTH - 8)}😀😀😀`;
    const cut = formatHopLabel('svc-a', name);

    expect(cut.endsWith('x…')).toBe(true);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('bounds an overlong incoming path without separators', () => {
    const path = appendHopToPath(
      'y'.repeat(4000),
      'svc-a:a1',
      MIN_MAX_PATH_LENGTH,
    );

    expect(path.length).toBeLessThanOrEqual(MIN_MAX_PATH_LENGTH);
    expect(path.endsWith(' > svc-a:a1')).toBe(true);
  });

  it('bounds an incoming path made of many tiny hops', () => {
    const incoming = Array.from({ length: 1000 }, () => 'a').join(' > ');

    const path = appendHopToPath(incoming, 'svc-a:a1', MIN_MAX_PATH_LENGTH);

    expect(path.length).toBeLessThanOrEqual(MIN_MAX_PATH_LENGTH);
    expect(path.startsWith('a > …')).toBe(true);
  });
});
