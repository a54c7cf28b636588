import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestLog } from '../../src/ingest-log/ingest-log.js';
import {
  RECORD_HEADER_BYTES,
  decodeRecordAt,
  encodeRecord,
} from '../../src/ingest-log/log-record.js';

const root = mkdtempSync(join(tmpdir(), 'pathprof-ingest-log-'));
let n = 0;
const newDir = (): string => join(root, `log-${n++}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const payload = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('log records', () => {
  it('reads back what was framed, and nothing from a damaged or torn one', () => {
    const record = encodeRecord({
      seq: 7,
      receivedMicros: 1_700_000_000_000_000,
      spanCount: 3,
      payload: payload('abc'),
    });
    const read = decodeRecordAt(record, 0);
    expect(read?.end).toBe(RECORD_HEADER_BYTES + 3);
    expect(read?.record.seq).toBe(7);
    expect(read?.record.receivedMicros).toBe(1_700_000_000_000_000);
    expect(read?.record.spanCount).toBe(3);
    expect(text(read!.record.payload)).toBe('abc');

    expect(decodeRecordAt(record.subarray(0, record.length - 1), 0)).toBeNull();
    const flipped = Buffer.from(record);
    flipped.writeUInt8(
      flipped.readUInt8(RECORD_HEADER_BYTES + 1) ^ 1,
      RECORD_HEADER_BYTES + 1,
    );
    expect(decodeRecordAt(flipped, 0)).toBeNull();
  });
});

describe('IngestLog', () => {
  it('numbers appends in call order and replays those past the moved point on open', async () => {
    const dir = newDir();
    const { log, pending } = await IngestLog.open(dir, 0);
    expect(pending).toEqual([]);
    const seqs = await Promise.all(
      ['a', 'b', 'c', 'd'].map((p, i) => log.append(payload(p), 1000 + i, i)),
    );
    expect(seqs).toEqual([1, 2, 3, 4]);
    await log.close();

    const reopened = await IngestLog.open(dir, 2);
    expect(
      reopened.pending.map((r) => [r.seq, text(r.payload), r.spanCount]),
    ).toEqual([
      [3, 'c', 2],
      [4, 'd', 3],
    ]);
    // New records continue the numbering.
    expect(await reopened.log.append(payload('e'), 2000, 1)).toBe(5);
    await reopened.log.close();
  });

  it('cuts a torn last record, which was never acknowledged, and keeps the rest', async () => {
    const dir = newDir();
    const { log } = await IngestLog.open(dir, 0);
    await log.append(payload('whole'), 1, 1);
    await log.close();
    const [segment] = readdirSync(dir);
    const path = join(dir, segment!);
    const size = statSync(path).size;
    const torn = encodeRecord({
      seq: 2,
      receivedMicros: 1,
      spanCount: 1,
      payload: payload('torn record'),
    });
    appendFileSync(path, torn.subarray(0, torn.length - 4));

    const reopened = await IngestLog.open(dir, 0);
    expect(reopened.pending.map((r) => text(r.payload))).toEqual(['whole']);
    expect(reopened.truncatedBytes).toBe(torn.length - 4);
    expect(statSync(path).size).toBe(size);
    expect(await reopened.log.append(payload('next'), 1, 1)).toBe(2);
    await reopened.log.close();
    const again = await IngestLog.open(dir, 0);
    expect(again.pending.map((r) => text(r.payload))).toEqual([
      'whole',
      'next',
    ]);
    await again.log.close();
  });

  it('deletes a segment once every record in it was moved', async () => {
    const dir = newDir();
    // Segments of about one record each.
    const { log } = await IngestLog.open(dir, 0, 30);
    for (const p of ['a', 'b', 'c']) {
      await log.append(payload(p), 1, 1);
    }
    expect(readdirSync(dir)).toHaveLength(3);
    await log.release(2);
    expect(readdirSync(dir)).toEqual(['0000000000000003.log']);
    await log.close();
    const reopened = await IngestLog.open(dir, 2, 30);
    expect(reopened.pending.map((r) => text(r.payload))).toEqual(['c']);
    await reopened.log.close();
  });

  it('refuses appends after close', async () => {
    const { log } = await IngestLog.open(newDir(), 0);
    await log.close();
    await expect(log.append(payload('x'), 1, 1)).rejects.toThrow(/closed/);
  });
});
