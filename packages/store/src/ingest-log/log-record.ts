/**
 * One record of the ingest log: a batch as `appendEncoded` accepted it,
 * framed so that a torn or damaged tail is recognised on replay.
 *
 *   offset  size  field
 *        0     4  magic "PPL1"
 *        4     4  payload length N (LE)
 *        8     4  CRC-32 of bytes 12 … 36 + N
 *       12     8  sequence number (float64 LE; whole, < 2^53)
 *       20     8  receive time, µs since the epoch (float64 LE)
 *       28     4  spans in the payload (LE)
 *       32     4  reserved, 0
 *       36     N  payload (the encoded batch's bytes)
 */
import { crc32 } from 'node:zlib';

export const RECORD_HEADER_BYTES = 36;
const MAGIC = 0x314c5050; // "PPL1" read as little-endian u32

export interface LogRecord {
  readonly seq: number;
  readonly receivedMicros: number;
  readonly spanCount: number;
  readonly payload: Uint8Array;
}

export function encodeRecord(record: LogRecord): Buffer {
  const out = Buffer.allocUnsafe(RECORD_HEADER_BYTES + record.payload.length);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(record.payload.length, 4);
  out.writeDoubleLE(record.seq, 12);
  out.writeDoubleLE(record.receivedMicros, 20);
  out.writeUInt32LE(record.spanCount, 28);
  out.writeUInt32LE(0, 32);
  out.set(record.payload, RECORD_HEADER_BYTES);
  out.writeUInt32LE(crc32(out.subarray(12)), 8);
  return out;
}

/**
 * The record at `offset`, or null when the bytes there are not a whole,
 * intact record (the end of the file, a torn write, damage).
 */
export function decodeRecordAt(
  bytes: Buffer,
  offset: number,
): { readonly record: LogRecord; readonly end: number } | null {
  if (bytes.length - offset < RECORD_HEADER_BYTES) {
    return null;
  }
  if (bytes.readUInt32LE(offset) !== MAGIC) {
    return null;
  }
  const length = bytes.readUInt32LE(offset + 4);
  const end = offset + RECORD_HEADER_BYTES + length;
  if (end > bytes.length) {
    return null;
  }
  if (
    crc32(bytes.subarray(offset + 12, end)) !== bytes.readUInt32LE(offset + 8)
  ) {
    return null;
  }
  return {
    record: {
      seq: bytes.readDoubleLE(offset + 12),
      receivedMicros: bytes.readDoubleLE(offset + 20),
      spanCount: bytes.readUInt32LE(offset + 28),
      payload: bytes.subarray(offset + RECORD_HEADER_BYTES, end),
    },
    end,
  };
}
