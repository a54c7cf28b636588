import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SpanStore } from '../../src/index.js';
import {
  DUCKDB_FILE_NAME,
  isStoreError,
  openDuckDbStore,
  openSpanStore,
} from '../../src/index.js';
import { ensureSchema, SCHEMA_VERSION } from '../../src/duckdb/schema.js';
import { dumpTraces, sid, span, T0, tid } from '../helpers.js';
import { expectMigratedStore, HOUR } from '../migrated-store.js';

const root = mkdtempSync(join(tmpdir(), 'pathprof-duckdb-'));
let n = 0;
const newDir = (): string => join(root, `d${n++}`);
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const STORE_DIST = fileURLToPath(
  new URL('../../dist/index.js', import.meta.url),
);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const stores: SpanStore[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
  }
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

async function open(path: string): Promise<SpanStore> {
  const store = await openDuckDbStore({ path });
  stores.push(store);
  return store;
}

/**
 * Writes the file of a store of an older schema version, as that version
 * wrote it: one trace of two spans and, from version 2 on, a finished
 * path index run.
 */
async function writeOldStore(dir: string, version: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const instance = await DuckDBInstance.create(join(dir, DUCKDB_FILE_NAME));
  try {
    const conn = await instance.connect();
    await ensureSchema(conn, dir, () => 0, version);
    const trace = tid('t1');
    await conn.run(`INSERT INTO resources VALUES (1, '{}', ${T0})`);
    await conn.run(
      `INSERT INTO operations VALUES ('svc-a', 'op', 'server', ${T0})`,
    );
    for (const [id, parent, start, dur] of [
      [sid('a'), null, T0, 10],
      [sid('b'), sid('a'), T0 + 1, 2],
    ] as const) {
      await conn.run(
        `INSERT INTO spans VALUES ('${trace}', '${id}', ${parent === null ? 'NULL' : `'${parent}'`},
          'svc-a', 'op', 'server', 'unset', NULL, ${start}, ${dur}, NULL, NULL, 1,
          '{}', NULL, NULL, NULL, NULL)`,
      );
    }
    await conn.run(
      `INSERT INTO traces VALUES ('${trace}', ${T0}, ${T0 + 10}, 2, 'svc-a', 'op')`,
    );
    if (version >= 2) {
      await conn.run(
        `INSERT INTO path_index_runs VALUES (${T0}, ${T0 + HOUR}, '0123456789abcdef', 2, 1, 1, ${T0 + HOUR})`,
      );
    }
    conn.closeSync();
  } finally {
    instance.closeSync();
  }
}

/** Runs SQL straight on a closed store's file. */
async function rawQuery(dir: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(join(dir, DUCKDB_FILE_NAME));
  try {
    const conn = await instance.connect();
    const reader = await conn.runAndReadAll(sql);
    conn.closeSync();
    return reader.getRowsJS();
  } finally {
    instance.closeSync();
  }
}

/** Starts a fixture script and resolves once a stdout line satisfies `ready`. */
function startChild(
  script: string,
  args: string[],
  ready: (line: string) => boolean,
): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [join(FIXTURES, script), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        if (ready(line)) {
          resolve({ child, line });
        }
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${code}: ${err}`)),
    );
  });
}

describe('openDuckDbStore', () => {
  it('creates the data directory with the database file in it', async () => {
    const dir = join(newDir(), 'nested');
    await open(dir);
    expect(existsSync(join(dir, DUCKDB_FILE_NAME))).toBe(true);
  });

  it('keeps what was appended across close and reopen', async () => {
    const dir = newDir();
    const first = await openDuckDbStore({ path: dir });
    await first.appendSpans([
      span({ id: 'a', start: T0, dur: 10, resource: { 'host.name': 'h' } }),
      span({
        id: 'b',
        parent: 'a',
        start: T0 + 1,
        dur: 2,
        resource: { 'host.name': 'h' },
      }),
    ]);
    await first.close();
    const again = await open(dir);
    expect(dumpTraces(await again.getTraces([tid('t1')]))).toEqual(['t1: a b']);
    expect(await again.listServices()).toEqual(['svc-a']);
    await again.appendSpans([
      span({
        id: 'c',
        parent: 'a',
        start: T0 + 3,
        dur: 1,
        resource: { 'host.name': 'h' },
      }),
    ]);
    expect(dumpTraces(await again.getTraces([tid('t1')]))).toEqual([
      't1: a b c',
    ]);
  });

  it('stores a resource shared by many spans once', async () => {
    const dir = newDir();
    const store = await openDuckDbStore({ path: dir });
    const resource = { 'host.name': 'h', 'process.pid': 1 };
    await store.appendSpans([
      span({ id: 'a', start: T0, dur: 1, resource }),
      span({ id: 'b', start: T0, dur: 1, resource: { ...resource } }),
    ]);
    await store.appendSpans([
      span({ id: 'c', start: T0, dur: 1, resource: { 'host.name': 'other' } }),
    ]);
    await store.close();
    expect(
      await rawQuery(
        dir,
        'SELECT resource_id, resource FROM resources ORDER BY 1',
      ),
    ).toEqual([
      [1, '{"host.name":"h","process.pid":1}'],
      [2, '{"host.name":"other"}'],
    ]);
  });

  it('writes the hop CPU and memory into typed columns', async () => {
    const dir = newDir();
    const store = await openDuckDbStore({ path: dir });
    await store.appendSpans([
      span({
        id: 'a',
        start: T0,
        dur: 1,
        attrs: { 'pathprof.cpu_ms': 2.5, 'pathprof.memory_bytes': 4096 },
      }),
      span({
        id: 'b',
        start: T0,
        dur: 1,
        attrs: { 'cpu.ms': '1.25', 'peak_mem.kb': 2 },
      }),
      span({ id: 'c', start: T0, dur: 1 }),
    ]);
    await store.close();
    expect(
      await rawQuery(
        dir,
        'SELECT cpu_us, memory_bytes FROM spans ORDER BY span_id',
      ),
    ).toEqual([
      [2500, 4096],
      [1250, 2048],
      [null, null],
    ]);
  });

  it('opens an existing store again without changing its schema', async () => {
    const dir = newDir();
    await (await openDuckDbStore({ path: dir })).close();
    await (await openDuckDbStore({ path: dir })).close();
    expect(
      await rawQuery(
        dir,
        "SELECT value FROM pathprof_meta WHERE key = 'schema_version'",
      ),
    ).toEqual([[String(SCHEMA_VERSION)]]);
  });

  for (const version of [1, 2]) {
    it(`migrates a store of schema version ${version}: spans kept and taken as received at the migration, the path index made anew`, async () => {
      const dir = newDir();
      await writeOldStore(dir, version);
      const migratedAt = T0 + 365 * 24 * HOUR;
      const store = await openDuckDbStore({
        path: dir,
        retentionMicros: HOUR,
        nowMicros: () => migratedAt,
      });
      stores.push(store);
      await expectMigratedStore(store, migratedAt);
      await store.close();
      expect(
        await rawQuery(
          dir,
          "SELECT value FROM pathprof_meta WHERE key = 'schema_version'",
        ),
      ).toEqual([[String(SCHEMA_VERSION)]]);
    });
  }

  it('stores the receive time of every span and the latest one of each trace', async () => {
    const dir = newDir();
    const store = await openDuckDbStore({ path: dir });
    await store.appendSpans([span({ id: 'a', start: T0, dur: 10 })], {
      receivedMicros: T0 + 7 * HOUR,
    });
    await store.appendSpans([span({ id: 'b', start: T0 + 1, dur: 2 })], {
      receivedMicros: T0 + 8 * HOUR,
    });
    await store.close();
    expect(
      await rawQuery(
        dir,
        'SELECT span_id, received_us::DOUBLE FROM spans ORDER BY 1',
      ),
    ).toEqual([
      [sid('a'), T0 + 7 * HOUR],
      [sid('b'), T0 + 8 * HOUR],
    ]);
    expect(
      await rawQuery(dir, 'SELECT received_us::DOUBLE FROM traces'),
    ).toEqual([[T0 + 8 * HOUR]]);
  });

  it('refuses a store written with a newer schema', async () => {
    const dir = newDir();
    await (await openDuckDbStore({ path: dir })).close();
    await rawQuery(
      dir,
      "UPDATE pathprof_meta SET value = '999' WHERE key = 'schema_version'",
    );
    await expect(openDuckDbStore({ path: dir })).rejects.toSatisfy(
      (err) =>
        isStoreError(err, 'PATHPROF_ERR_STORE_SCHEMA') &&
        /999/.test(err.message),
    );
  });

  it('refuses a file that is not a database', async () => {
    const dir = newDir();
    await (await openDuckDbStore({ path: dir })).close();
    writeFileSync(join(dir, DUCKDB_FILE_NAME), 'not a database '.repeat(1000));
    await expect(openDuckDbStore({ path: dir })).rejects.toSatisfy(
      (err) =>
        isStoreError(err, 'PATHPROF_ERR_STORE_CORRUPT') &&
        err.message.includes(dir),
    );
  });

  it('refuses a data directory that is a file', async () => {
    const file = join(root, `file-${n++}`);
    writeFileSync(file, 'x');
    await expect(openDuckDbStore({ path: file })).rejects.toSatisfy((err) =>
      isStoreError(err, 'PATHPROF_ERR_STORE_OPEN'),
    );
  });

  it('refuses a data directory another process has open, naming that process', async () => {
    const dir = newDir();
    await (await openDuckDbStore({ path: dir })).close();
    const { child } = await startChild(
      'hold-duckdb-file.mjs',
      [join(dir, DUCKDB_FILE_NAME)],
      (line) => line === 'holding',
    );
    await expect(openDuckDbStore({ path: dir })).rejects.toSatisfy(
      (err) =>
        isStoreError(err, 'PATHPROF_ERR_STORE_LOCKED') &&
        err.message.includes(`PID ${child.pid}`),
    );
  });

  it('refuses a data directory this process already has open, until it is closed', async () => {
    const dir = newDir();
    const first = await openDuckDbStore({ path: dir });
    await expect(openDuckDbStore({ path: join(dir, '.') })).rejects.toSatisfy(
      (err) => isStoreError(err, 'PATHPROF_ERR_STORE_LOCKED'),
    );
    await first.close();
    await open(dir);
  });

  it('is what openSpanStore opens', async () => {
    const store = await openSpanStore({ path: ':memory:' });
    stores.push(store);
    await store.appendSpans([span({ id: 'a', start: T0, dur: 1 })]);
    expect(await store.listServices()).toEqual(['svc-a']);
  });
});

describe('concurrency', () => {
  it('answers reads while an append runs, and shows a batch all at once or not at all', async () => {
    const store = await open(':memory:');
    const batch = Array.from({ length: 20_000 }, (_, i) =>
      span({ trace: `c${i}`, id: 'a', start: T0 + i, dur: 1 }),
    );
    let done = false;
    const append = store.appendSpans(batch).then(() => (done = true));
    const seen = new Set<number>();
    do {
      seen.add((await store.searchTraces({ limit: 1 })).total);
    } while (!done);
    await append;
    seen.add((await store.searchTraces({ limit: 1 })).total);
    expect([...seen].every((total) => total === 0 || total === 20_000)).toBe(
      true,
    );
    expect(seen.has(20_000)).toBe(true);
  });

  it('keeps each span with its resource when pipelined writes bring new resources', async () => {
    const dir = newDir();
    const store = await open(dir);
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      const resource = { 'host.name': `h${i % 7}`, batch: String(i) };
      const batch = Array.from({ length: 300 }, (_, j) =>
        span({ trace: `p${i}-${j}`, id: 'a', start: T0 + j, dur: 1, resource }),
      );
      calls.push(store.appendSpans(batch));
      if (i === 20) {
        calls.push(store.deleteOlderThan(T0 - 1));
      }
    }
    await Promise.all(calls);
    await store.close();
    const reopened = await open(dir);
    for (const i of [0, 19, 21, 39]) {
      const [trace] = await reopened.getTraces([tid(`p${i}-7`)]);
      expect(trace?.spans[0]?.resource).toEqual({
        'host.name': `h${i % 7}`,
        batch: String(i),
      });
    }
    expect((await reopened.searchTraces({ limit: 1 })).total).toBe(12_000);
  });

  it('fails only the call whose span cannot be encoded when calls are written together', async () => {
    const store = await open(':memory:');
    // Calls made in one tick join one group, written in one transaction.
    const first = store.appendSpans([
      span({ trace: 'g0', id: 'a', start: T0, dur: 1 }),
    ]);
    const unencodable = span({
      trace: 'g2',
      id: 'a',
      start: T0,
      dur: 1,
      attrs: { big: 1n as unknown as number },
    });
    const calls = [
      store.appendSpans([span({ trace: 'g1', id: 'a', start: T0, dur: 1 })]),
      store.appendSpans([unencodable]),
      store.appendSpans([span({ trace: 'g3', id: 'a', start: T0, dur: 1 })]),
    ];
    const settled = await Promise.allSettled([first, ...calls]);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const failure = settled[2] as PromiseRejectedResult;
    expect(isStoreError(failure.reason)).toBe(true);
    expect((failure.reason as { code: string }).code).toBe(
      'PATHPROF_ERR_STORE_WRITE',
    );
    const stored = await store.searchTraces({ limit: 10 });
    expect(stored.total).toBe(3);
    expect(await store.getTraces([tid('g2')])).toEqual([]);
  });
});

describe('durability', () => {
  it.skipIf(!existsSync(STORE_DIST))(
    'keeps every acknowledged batch when the writing process is killed with SIGKILL',
    async () => {
      const dir = newDir();
      const tracesPerBatch = 200;
      const { child, line } = await startChild(
        'append-until-killed.mjs',
        [dir, String(tracesPerBatch)],
        (l) => l === 'acked 3',
      );
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(line).toBe('acked 3');

      const store = await open(dir);
      const { total } = await store.searchTraces({ limit: 1 });
      // Batches 1–3 were acknowledged; batch 4 may have committed before the kill
      // landed, but never in part.
      expect([3 * tracesPerBatch, 4 * tracesPerBatch]).toContain(total);
      const traceOf = (batch: number, t: number): ReturnType<typeof tid> =>
        (batch * 1_000_000 + t).toString(16).padStart(32, '0') as ReturnType<
          typeof tid
        >;
      const acked = await store.getTraces(
        [1, 2, 3].flatMap((b) =>
          Array.from({ length: tracesPerBatch }, (_, t) => traceOf(b, t)),
        ),
      );
      expect(acked).toHaveLength(3 * tracesPerBatch);
      expect(acked.every((t) => t.spans.length === 3)).toBe(true);
    },
  );

  it.skipIf(!existsSync(STORE_DIST))(
    'keeps every acknowledged batch when killed with SIGKILL while appends run concurrently',
    async () => {
      const dir = newDir();
      const tracesPerBatch = 100;
      const child = spawn(
        process.execPath,
        [
          join(FIXTURES, 'append-concurrently-until-killed.mjs'),
          dir,
          String(tracesPerBatch),
          '8',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.push(child);
      // Killed once 40 batches were acknowledged: by then the ingest log
      // holds batches not yet loaded, loads run and appends are in flight.
      const acked = await new Promise<Set<number>>((resolve, reject) => {
        const seen = new Set<number>();
        let out = '';
        let err = '';
        child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString();
          const lines = out.split('\n');
          out = lines.pop()!;
          for (const line of lines) {
            const m = /^acked (\d+)$/.exec(line);
            if (m !== null) {
              seen.add(Number(m[1]));
            }
          }
          if (seen.size >= 40 && child.exitCode === null) {
            child.kill('SIGKILL');
            resolve(seen);
          }
        });
        child.once('exit', (code, signal) => {
          if (signal !== 'SIGKILL') {
            reject(new Error(`the child exited with ${code}: ${err}`));
          }
        });
      });
      await new Promise((resolve) =>
        child.exitCode !== null || child.signalCode !== null
          ? resolve(undefined)
          : child.once('exit', resolve),
      );

      const store = await open(dir);
      const traceOf = (batch: number, t: number): ReturnType<typeof tid> =>
        (batch * 1_000_000 + t).toString(16).padStart(32, '0') as ReturnType<
          typeof tid
        >;
      const traces = await store.getTraces(
        [...acked].flatMap((b) =>
          Array.from({ length: tracesPerBatch }, (_, t) => traceOf(b, t)),
        ),
      );
      expect(traces).toHaveLength(acked.size * tracesPerBatch);
      expect(traces.every((t) => t.spans.length === 3)).toBe(true);
      // A batch in flight at the kill is there whole or not at all.
      const { total } = await store.searchTraces({ limit: 1 });
      expect(total % tracesPerBatch).toBe(0);
      expect(total).toBeGreaterThanOrEqual(acked.size * tracesPerBatch);
    },
  );

  it('has a built store for the durability test (run npm run build)', () => {
    expect(existsSync(STORE_DIST)).toBe(true);
  });
});
