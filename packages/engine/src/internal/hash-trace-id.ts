/** FNV-1a (32-bit) of a trace id: an order-independent, deterministic sampling key. */
export function hashTraceId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
