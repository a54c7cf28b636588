/** Histogram bucket bounds, in seconds. */

/** One hop of a microservice request: 1 ms to 30 s, about three per decade. */
export const PATH_DURATION_BUCKETS_SECONDS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/** One store write (a batch of spans): 0.5 ms to 10 s. */
export const STORE_WRITE_BUCKETS_SECONDS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
  10,
];
