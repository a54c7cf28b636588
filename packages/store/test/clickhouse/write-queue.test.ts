import { describe, expect, it } from 'vitest';
import { ClickHouseWriteQueue } from '../../src/clickhouse/write-queue.js';

/** An INSERT the test answers by hand. */
interface PendingInsert {
  readonly items: readonly string[];
  readonly answer: () => void;
  readonly fail: (err: Error) => void;
}

function createQueue(maxInsertsInFlight: number, maxBatchSpans = 20) {
  const inserts: PendingInsert[] = [];
  const log: string[] = [];
  const queue = new ClickHouseWriteQueue<string>({
    insert: (items) =>
      new Promise<void>((resolve, reject) => {
        log.push(`insert ${items.join('+')}`);
        inserts.push({ items, answer: resolve, fail: reject });
      }),
    maxBatchSpans,
    maxQueuedSpans: 1_000,
    maxInsertsInFlight,
  });
  return { queue, inserts, log };
}

/** Lets the queue's loop run until it waits again. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ClickHouseWriteQueue', () => {
  it('runs up to maxInsertsInFlight INSERTs at once, in call order', async () => {
    const { queue, inserts, log } = createQueue(2, 40);
    const acked: string[] = [];
    const append = (item: string, spans: number) =>
      void queue.append(item, spans, 1).then(() => acked.push(item));
    append('a', 10);
    await settle();
    // b makes half a batch (20 of 40 spans): it goes out beside a.
    append('b', 20);
    await settle();
    append('c', 10);
    append('d', 10);
    await settle();
    // a and b are in flight; c and d wait for a slot.
    expect(log).toEqual(['insert a', 'insert b']);
    expect(queue.queuedSpans).toBe(50);

    inserts[1]!.answer();
    await settle();
    // b's answer acknowledges b only; c and d go out together in b's slot.
    expect(acked).toEqual(['b']);
    expect(log).toEqual(['insert a', 'insert b', 'insert c+d']);

    inserts[0]!.answer();
    inserts[2]!.answer();
    await queue.drain();
    expect(acked.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(queue.queuedSpans).toBe(0);
  });

  it('acknowledges nothing before its own INSERT answers, and rejects only the failed group', async () => {
    const { queue, inserts } = createQueue(2);
    const a = queue.append('a', 10, 1);
    await settle();
    const b = queue.append('b', 10, 1);
    await settle();
    expect(inserts).toHaveLength(2);
    await settle();
    inserts[0]!.fail(new Error('server said no'));
    inserts[1]!.answer();
    await expect(a).rejects.toThrow('server said no');
    await expect(b).resolves.toBeUndefined();
  });

  it('starts a task once every INSERT before it settled, and appends after it wait for it', async () => {
    const { queue, inserts, log } = createQueue(2);
    void queue.append('a', 10, 1);
    await settle();
    void queue.append('b', 10, 1);
    const task = queue.exclusive(() => {
      log.push('task');
      return Promise.resolve(7);
    });
    void queue.append('c', 10, 1);
    await settle();
    expect(log).toEqual(['insert a', 'insert b']);
    inserts[0]!.answer();
    await settle();
    expect(log).toEqual(['insert a', 'insert b']);
    inserts[1]!.answer();
    await expect(task).resolves.toBe(7);
    await settle();
    expect(log).toEqual(['insert a', 'insert b', 'task', 'insert c']);
    inserts[2]!.answer();
    await queue.drain();
  });

  it('with one INSERT in flight, merges every append that waited into the next', async () => {
    const { queue, inserts, log } = createQueue(1, 25);
    void queue.append('a', 10, 1);
    await settle();
    for (const item of ['b', 'c', 'd']) {
      void queue.append(item, 10, 1);
    }
    inserts[0]!.answer();
    await settle();
    // Groups stop at maxBatchSpans (25): b+c, then d.
    expect(log).toEqual(['insert a', 'insert b+c']);
    inserts[1]!.answer();
    await settle();
    expect(log).toEqual(['insert a', 'insert b+c', 'insert d']);
    inserts[2]!.answer();
    await queue.drain();
  });

  it('starts no second INSERT for less than half a batch: it waits and merges', async () => {
    const { queue, inserts, log } = createQueue(2, 100);
    void queue.append('a', 10, 1);
    await settle();
    void queue.append('b', 10, 1);
    void queue.append('c', 10, 1);
    await settle();
    expect(log).toEqual(['insert a']);
    void queue.append('d', 20, 1);
    await settle();
    // b + c + d make 40 spans, still under 50: a's answer lets them go.
    expect(log).toEqual(['insert a']);
    void queue.append('e', 10, 1);
    await settle();
    expect(log).toEqual(['insert a', 'insert b+c+d+e']);
    inserts[0]!.answer();
    inserts[1]!.answer();
    await queue.drain();
  });

  it('drain waits for INSERTs still in flight', async () => {
    const { queue, inserts } = createQueue(2);
    let acked = false;
    void queue.append('a', 10, 1).then(() => {
      acked = true;
    });
    await settle();
    let drained = false;
    const drain = queue.drain().then(() => {
      drained = true;
    });
    await settle();
    expect(drained).toBe(false);
    inserts[0]!.answer();
    await drain;
    expect(acked).toBe(true);
  });
});
