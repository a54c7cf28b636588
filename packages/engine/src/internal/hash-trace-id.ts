let lastId = '';
let lastHash = 0x811c9dc5;

/**
 * FNV-1a (32-bit) of a trace id: an order-independent, deterministic sampling
 * key. A trace's records, positions, hops and shape all ask for the hash of
 * the same id in a row, so the last answer is remembered.
 */
export function hashTraceId(id: string): number {
  if (id === lastId) {
    return lastHash;
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  lastId = id;
  lastHash = h >>> 0;
  return lastHash;
}
