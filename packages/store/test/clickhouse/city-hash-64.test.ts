/**
 * `cityHash64` against ClickHouse's own: the same bytes hashed here and by
 * the server, for every length from 0 to 200 (each branch of CityHash and
 * the 64-byte loop several times over) and for trace ids as the store holds
 * them. Asked of Debian's 18.16 server and of the current engine in chDB, so
 * a change of hash between releases would show.
 */
import { createClient } from '@clickhouse/client';
import type { ClickHouseClient } from '@clickhouse/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cityHash64 } from '../../src/clickhouse/city-hash-64.js';
import { createChdbClient, loadChdb } from './chdb-client.js';
import {
  ClickHouseTestServer,
  findClickHouseServer,
} from './clickhouse-test-server.js';

/** Deterministic bytes: every length 0–200, then 32-character hex trace ids. */
function samples(): Uint8Array[] {
  let state = 0x2545f491;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const out: Uint8Array[] = [];
  for (let length = 0; length <= 200; length++) {
    out.push(Uint8Array.from({ length }, () => next() & 0xff));
  }
  for (let i = 0; i < 50; i++) {
    const hex = Array.from({ length: 32 }, () =>
      (next() & 0xf).toString(16),
    ).join('');
    out.push(new TextEncoder().encode(hex));
  }
  return out;
}

async function serverHashes(
  client: ClickHouseClient,
  inputs: readonly Uint8Array[],
): Promise<string[]> {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  const result = await client.query({
    query: `SELECT ${inputs
      .map((b, i) => `toString(cityHash64(unhex('${hex(b)}'))) AS h${i}`)
      .join(', ')}`,
    format: 'JSONEachRow',
  });
  const [row] = await result.json<Record<string, string>>();
  return inputs.map((_, i) => row![`h${i}`]!);
}

const mine = (inputs: readonly Uint8Array[]): string[] =>
  inputs.map((b) => cityHash64(b).toString());

const command = findClickHouseServer();

describe.skipIf(command === null)(
  'cityHash64 against clickhouse-server',
  () => {
    const server = new ClickHouseTestServer(command ?? []);
    beforeAll(() => server.start(), 60_000);
    afterAll(() => server.dispose(), 60_000);

    it('hashes every length as ClickHouse 18.16 does', async () => {
      const client = createClient({ url: server.url });
      try {
        const inputs = samples();
        expect(mine(inputs)).toEqual(await serverHashes(client, inputs));
      } finally {
        await client.close();
      }
    });
  },
);

const chdb = await loadChdb();

describe.skipIf(!chdb)('cityHash64 against chDB (ClickHouse 26.x)', () => {
  let dataDir = '';
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pathprof-chdb-hash-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('hashes every length as a current ClickHouse does', async () => {
    const client = createChdbClient(dataDir);
    try {
      const inputs = samples();
      expect(mine(inputs)).toEqual(await serverHashes(client, inputs));
    } finally {
      await client.close();
    }
  });
});

describe('cityHash64', () => {
  it('hashes a slice of a larger buffer as the slice alone', () => {
    const whole = new TextEncoder().encode(
      'xx0123456789abcdef0123456789abcdefyy',
    );
    expect(cityHash64(whole, 2, 32)).toBe(cityHash64(whole.slice(2, 34)));
  });
});
