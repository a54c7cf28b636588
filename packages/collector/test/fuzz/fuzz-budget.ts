/**
 * How many inputs each fuzz target gets, and where their counts go. CI runs
 * the defaults given by each test (a few seconds per target); a benchmark
 * run (`bench/fuzz-receivers.mjs`) sets `PATHPROF_FUZZ_RUNS` for many more,
 * and `PATHPROF_FUZZ_REPORT` to a file that collects one JSON line per
 * target: what was sent and how it was answered.
 */
import { appendFileSync } from 'node:fs';

/** Inputs for one target: `PATHPROF_FUZZ_RUNS` when set, else the test's own number. */
export function fuzzRuns(ciRuns: number): number {
  const fromEnv = Number(process.env['PATHPROF_FUZZ_RUNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : ciRuns;
}

/** What one target saw: inputs and answers by outcome (status codes, `ok`, `rejected`…). */
export interface FuzzTally {
  readonly target: string;
  readonly inputs: number;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly seconds: number;
}

export function createTally(target: string): {
  count(outcome: string): void;
  finish(): FuzzTally;
} {
  const started = process.hrtime.bigint();
  const outcomes: Record<string, number> = {};
  let inputs = 0;
  return {
    count(outcome) {
      inputs++;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    },
    finish() {
      const tally = {
        target,
        inputs,
        outcomes,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      };
      const file = process.env['PATHPROF_FUZZ_REPORT'];
      if (file !== undefined && file !== '') {
        appendFileSync(file, `${JSON.stringify(tally)}\n`);
      }
      return tally;
    },
  };
}
