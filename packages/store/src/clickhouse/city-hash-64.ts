/**
 * CityHash64 as ClickHouse's `cityHash64` computes it for one string: Google's
 * CityHash at version 1.0.2, the version ClickHouse keeps (later CityHash
 * releases hash differently). The store needs it to pick, as a `Distributed`
 * table sharded by `cityHash64(trace_id)` would, the shard that owns a trace.
 * Checked against ClickHouse's own answers in test/clickhouse/city-hash-64.test.ts.
 *
 * 64-bit arithmetic in BigInt, wrapped to 64 bits after every step that can
 * overflow; bytes are read little-endian, as on the x86 and ARM servers
 * ClickHouse runs on.
 */

const MASK = 0xffff_ffff_ffff_ffffn;
const K0 = 0xc3a5c85c97cb3127n;
const K1 = 0xb492b66fbe98f273n;
const K2 = 0x9ae16a3b2f90404fn;
const K3 = 0xc949d7c7509e6557n;
const K_MUL = 0x9ddfea08eb382d69n;

/** CityHash64 v1.0.2 of `bytes[start, start + length)`, as an unsigned 64-bit BigInt. */
export function cityHash64(
  bytes: Uint8Array,
  start = 0,
  length = bytes.length - start,
): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, length);
  if (length <= 16) {
    return hashLen0to16(view, length);
  }
  if (length <= 32) {
    return hashLen17to32(view, length);
  }
  if (length <= 64) {
    return hashLen33to64(view, length);
  }
  return hashLongerThan64(view, length);
}

const add = (a: bigint, b: bigint): bigint => (a + b) & MASK;
const sub = (a: bigint, b: bigint): bigint => (a - b) & MASK;
const mul = (a: bigint, b: bigint): bigint => (a * b) & MASK;
const fetch64 = (v: DataView, at: number): bigint => v.getBigUint64(at, true);
const fetch32 = (v: DataView, at: number): bigint =>
  BigInt(v.getUint32(at, true));

function rotate(value: bigint, shift: number): bigint {
  if (shift === 0) {
    return value;
  }
  const s = BigInt(shift);
  return ((value >> s) | (value << (64n - s))) & MASK;
}

const shiftMix = (value: bigint): bigint => value ^ (value >> 47n);

/** Hash128to64 of (low `u`, high `v`). */
function hashLen16(u: bigint, v: bigint): bigint {
  let a = mul(u ^ v, K_MUL);
  a ^= a >> 47n;
  let b = mul(v ^ a, K_MUL);
  b ^= b >> 47n;
  return mul(b, K_MUL);
}

function hashLen0to16(v: DataView, length: number): bigint {
  const len = BigInt(length);
  if (length > 8) {
    const a = fetch64(v, 0);
    const b = fetch64(v, length - 8);
    // RotateByAtLeast1: the shift is never 0 here.
    return hashLen16(a, rotate(add(b, len), length)) ^ b;
  }
  if (length >= 4) {
    const a = fetch32(v, 0);
    return hashLen16(add(len, a << 3n), fetch32(v, length - 4));
  }
  if (length > 0) {
    const a = v.getUint8(0);
    const b = v.getUint8(length >> 1);
    const c = v.getUint8(length - 1);
    const y = BigInt((a + (b << 8)) >>> 0);
    const z = BigInt((length + (c << 2)) >>> 0);
    return mul(shiftMix(mul(y, K2) ^ mul(z, K3)), K2);
  }
  return K2;
}

function hashLen17to32(v: DataView, length: number): bigint {
  const a = mul(fetch64(v, 0), K1);
  const b = fetch64(v, 8);
  const c = mul(fetch64(v, length - 8), K2);
  const d = mul(fetch64(v, length - 16), K0);
  return hashLen16(
    add(add(rotate(sub(a, b), 43), rotate(c, 30)), d),
    add(sub(add(a, rotate(b ^ K3, 20)), c), BigInt(length)),
  );
}

function hashLen33to64(v: DataView, length: number): bigint {
  let z = fetch64(v, 24);
  let a = add(
    fetch64(v, 0),
    mul(add(BigInt(length), fetch64(v, length - 16)), K0),
  );
  let b = rotate(add(a, z), 52);
  let c = rotate(a, 37);
  a = add(a, fetch64(v, 8));
  c = add(c, rotate(a, 7));
  a = add(a, fetch64(v, 16));
  const vf = add(a, z);
  const vs = add(add(b, rotate(a, 31)), c);
  a = add(fetch64(v, 16), fetch64(v, length - 32));
  z = fetch64(v, length - 8);
  b = rotate(add(a, z), 52);
  c = rotate(a, 37);
  a = add(a, fetch64(v, length - 24));
  c = add(c, rotate(a, 7));
  a = add(a, fetch64(v, length - 16));
  const wf = add(a, z);
  const ws = add(add(b, rotate(a, 31)), c);
  const r = shiftMix(add(mul(add(vf, ws), K2), mul(add(wf, vs), K0)));
  return mul(shiftMix(add(mul(r, K0), vs)), K2);
}

type Pair = [bigint, bigint];

function weakHashLen32WithSeeds(
  v: DataView,
  at: number,
  seedA: bigint,
  seedB: bigint,
): Pair {
  const w = fetch64(v, at);
  const x = fetch64(v, at + 8);
  const y = fetch64(v, at + 16);
  const z = fetch64(v, at + 24);
  let a = add(seedA, w);
  let b = rotate(add(add(seedB, a), z), 21);
  const c = a;
  a = add(add(a, x), y);
  b = add(b, rotate(a, 44));
  return [add(a, z), add(b, c)];
}

function hashLongerThan64(v: DataView, length: number): bigint {
  const len = BigInt(length);
  let x = fetch64(v, 0);
  let y = fetch64(v, length - 16) ^ K1;
  let z = fetch64(v, length - 56) ^ K0;
  let vp = weakHashLen32WithSeeds(v, length - 64, len, y);
  let wp = weakHashLen32WithSeeds(v, length - 32, mul(len, K1), K0);
  z = add(z, mul(shiftMix(vp[1]), K1));
  x = mul(rotate(add(z, x), 39), K1);
  y = mul(rotate(y, 33), K1);
  // Whole 64-byte chunks from the start; the last 64 bytes were hashed above.
  let at = 0;
  for (let left = (length - 1) & ~63; left !== 0; left -= 64) {
    x = mul(rotate(add(add(add(x, y), vp[0]), fetch64(v, at + 16)), 37), K1);
    y = mul(rotate(add(add(y, vp[1]), fetch64(v, at + 48)), 42), K1);
    x ^= wp[1];
    y ^= vp[0];
    z = rotate(z ^ wp[0], 33);
    vp = weakHashLen32WithSeeds(v, at, mul(vp[1], K1), add(x, wp[0]));
    wp = weakHashLen32WithSeeds(v, at + 32, add(z, wp[1]), y);
    [z, x] = [x, z];
    at += 64;
  }
  return hashLen16(
    add(add(hashLen16(vp[0], wp[0]), mul(shiftMix(y), K1)), z),
    add(hashLen16(vp[1], wp[1]), x),
  );
}
