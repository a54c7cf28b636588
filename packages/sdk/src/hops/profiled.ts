import { context, diag, SpanKind } from '@opentelemetry/api';
import { isMemorySampleRate } from '../config/memory-sample-rate.js';
import { isThenable } from '../internal/is-thenable.js';
import { runUnmetered } from './slice-meter.js';
import type { ActiveHop, HopSpec } from './start-hop.js';
import { startHop } from './start-hop.js';

/** Options of one profiled function or method. */
export interface ProfiledOptions {
  /**
   * Emit the seed's `<name>_summary` span with a `<name>_performance_metrics`
   * child instead of a hop span. Default: `startTracing({ seedCompat })`.
   */
  readonly seedCompat?: boolean;
  /**
   * 1 call in this many measures memory (0: none, 1: every call). Default:
   * `startTracing({ memorySampleRate })`.
   */
  readonly memorySampleRate?: number;
}

/** A TypeScript 5 (TC39) method decorator that keeps the method's type. */
export type ProfiledMethodDecorator = <This, Args extends unknown[], Return>(
  target: (this: This, ...args: Args) => Return,
  context: ClassMethodDecoratorContext<
    This,
    (this: This, ...args: Args) => Return
  >,
) => (this: This, ...args: Args) => Return;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any function, as in Function.prototype.apply
type AnyFunction = (...args: any[]) => unknown;

/**
 * Returns a promise settling like `pending` once the hop has ended (as
 * OpenTelemetry's instrumentations do, so an unhandled rejection stays
 * unhandled). A non-native thenable comes back as a native promise.
 */
function endAfter(hop: ActiveHop, pending: PromiseLike<unknown>): unknown {
  const promise =
    pending instanceof Promise ? pending : Promise.resolve(pending);
  // The chain is created unmetered: ending the hop is not the caller's CPU.
  return runUnmetered(() =>
    promise.then(
      (value: unknown) => {
        hop.end();
        return value;
      },
      (error: unknown) => {
        hop.fail(error);
        hop.end();
        throw error;
      },
    ),
  );
}

/**
 * Calls `fn` as a hop: a child of the active context, ended when the call
 * returns or, for a promise, settles. The result (or a promise settling like
 * it) and any error reach the caller unchanged.
 */
export function callAsHop(
  spec: HopSpec,
  fn: AnyFunction,
  thisArg: unknown,
  args: unknown[],
): unknown {
  const hop = startHop(spec, context.active());
  if (hop === undefined) {
    return fn.apply(thisArg, args);
  }
  let result: unknown;
  try {
    result = hop.run(() => fn.apply(thisArg, args));
  } catch (error) {
    hop.fail(error);
    hop.end();
    throw error;
  }
  if (isThenable(result)) {
    return endAfter(hop, result);
  }
  hop.end();
  return result;
}

function normaliseName(name: unknown, fallback: string): string {
  if (typeof name === 'string' && name !== '') {
    return name;
  }
  if (name !== undefined) {
    diag.warn(`@pathprof/sdk: profiled(): name must be a non-empty string`);
  }
  return fallback;
}

function normaliseOptions(options: unknown): ProfiledOptions {
  if (options === undefined) {
    return {};
  }
  if (typeof options !== 'object' || options === null) {
    diag.warn('@pathprof/sdk: profiled(): options must be an object');
    return {};
  }
  const { seedCompat, memorySampleRate } = options as ProfiledOptions;
  const normalised: { seedCompat?: boolean; memorySampleRate?: number } = {};
  if (seedCompat !== undefined) {
    if (typeof seedCompat === 'boolean') {
      normalised.seedCompat = seedCompat;
    } else {
      diag.warn('@pathprof/sdk: profiled(): seedCompat must be a boolean');
    }
  }
  if (memorySampleRate !== undefined) {
    if (isMemorySampleRate(memorySampleRate)) {
      normalised.memorySampleRate = memorySampleRate;
    } else {
      diag.warn(
        '@pathprof/sdk: profiled(): memorySampleRate must be a whole number ≥ 0',
      );
    }
  }
  return normalised;
}

function wrap<F extends AnyFunction>(spec: HopSpec, fn: F): F {
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    return callAsHop(spec, fn, this, args);
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  return wrapped as F;
}

function hopSpec(name: string, options: ProfiledOptions): HopSpec {
  return {
    name,
    kind: SpanKind.INTERNAL,
    seedCompat: options.seedCompat,
    memorySampleRate: options.memorySampleRate,
  };
}

/**
 * Wraps `fn` so that each call is a hop span: wall time, CPU time of this
 * call alone, heap growth, errors and the path so far.
 *
 * @example
 * const a1 = profiled('a1', async (req: Request) => callDownstream(req));
 */
export function profiled<F extends AnyFunction>(
  name: string,
  fn: F,
  options?: ProfiledOptions,
): F;
/**
 * A TypeScript 5 method decorator: each call of the method is a hop named
 * `name` (default: the method's name).
 *
 * @example
 * class Dice { @profiled() roll(count: number) { … } }
 */
export function profiled(
  name?: string,
  options?: ProfiledOptions,
): ProfiledMethodDecorator;
export function profiled(
  name?: unknown,
  fnOrOptions?: unknown,
  options?: unknown,
): unknown {
  if (typeof fnOrOptions === 'function') {
    const fn = fnOrOptions as AnyFunction;
    const spec = hopSpec(
      normaliseName(name, fn.name || 'anonymous'),
      normaliseOptions(options),
    );
    return wrap(spec, fn);
  }
  const decoratorOptions = normaliseOptions(fnOrOptions);
  const decorate: ProfiledMethodDecorator = (target, methodContext) => {
    const methodName =
      typeof methodContext.name === 'symbol'
        ? (methodContext.name.description ?? 'anonymous')
        : methodContext.name;
    return wrap(
      hopSpec(normaliseName(name, methodName), decoratorOptions),
      target,
    );
  };
  return decorate;
}
