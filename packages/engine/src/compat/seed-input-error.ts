/**
 * Input the seed aggregator cannot process (it would crash on it): a trace
 * that is not an object, a summary span without a service, a metric tag that
 * is not a number. The message names the trace and the field.
 */
export class SeedInputError extends Error {
  override readonly name = 'SeedInputError';
}
