/**
 * Small zero-filled typed arrays carved out of shared 64 KiB buffers. V8
 * allocates a small `new Float64Array(n)` on a slow path (hundreds of ns, more
 * than the work a trace of a dozen spans does with it); a view into a buffer
 * allocated once costs a few dozen. Views are handed out front to back and a
 * buffer is never reused once full, so every view starts zeroed and no two
 * views share memory; a buffer lives as long as any of its views.
 */
const SLAB_BYTES = 1 << 16;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** Reserves `bytes` (rounded up to 8) of zeroed memory: its buffer and offset. */
function reserve(bytes: number): number {
  const size = (bytes + 7) & ~7;
  if (used + size > slab.byteLength) {
    slab = new ArrayBuffer(Math.max(SLAB_BYTES, size));
    used = 0;
  }
  const at = used;
  used += size;
  return at;
}

/** A zeroed Float64Array of length n, like `new Float64Array(n)`. */
export function float64s(n: number): Float64Array {
  const at = reserve(n * 8);
  return new Float64Array(slab, at, n);
}

/** A zeroed Int32Array of length n, like `new Int32Array(n)`. */
export function int32s(n: number): Int32Array {
  const at = reserve(n * 4);
  return new Int32Array(slab, at, n);
}

/** A zeroed Uint8Array of length n, like `new Uint8Array(n)`. */
export function uint8s(n: number): Uint8Array {
  const at = reserve(n);
  return new Uint8Array(slab, at, n);
}
