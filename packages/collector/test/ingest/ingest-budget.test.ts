import { describe, expect, it } from 'vitest';
import { createIngestBudget } from '../../src/ingest/ingest-budget.js';

describe('createIngestBudget', () => {
  it('admits reservations until the capacity is used, then refuses', () => {
    const budget = createIngestBudget(100);
    const a = budget.tryReserve(60);
    expect(a).not.toBeNull();
    expect(budget.tryReserve(50)).toBeNull();
    expect(budget.tryReserve(40)).not.toBeNull();
    expect(budget.reservedBytes).toBe(100);
  });

  it('admits one request larger than the capacity when idle', () => {
    const budget = createIngestBudget(100);
    expect(budget.tryReserve(500)?.bytes).toBe(500);
    expect(budget.tryReserve(1)).toBeNull();
  });

  it('returns the bytes once on release, however often it is called', () => {
    const budget = createIngestBudget(100);
    const a = budget.tryReserve(60)!;
    const b = budget.tryReserve(30)!;
    a.release();
    a.release();
    expect(budget.reservedBytes).toBe(30);
    b.release();
    expect(budget.reservedBytes).toBe(0);
  });

  it('grows a reservation only within the capacity', () => {
    const budget = createIngestBudget(100);
    const a = budget.tryReserve(50)!;
    expect(a.tryGrow(60)).toBe(false);
    expect(a.tryGrow(50)).toBe(true);
    expect(a.bytes).toBe(100);
    a.release();
    expect(budget.reservedBytes).toBe(0);
    expect(a.tryGrow(1)).toBe(false);
  });

  it('counts reservations not released, those of 0 bytes too', () => {
    const budget = createIngestBudget(100);
    const a = budget.tryReserve(0)!;
    const b = budget.tryReserve(10)!;
    expect(budget.reservations).toBe(2);
    a.release();
    a.release();
    expect(budget.reservations).toBe(1);
    b.release();
    expect(budget.reservations).toBe(0);
  });
});
