// The seed showcase's call graph (docs: shared seed-system.md §1) and the cost
// model the generator draws from. Our own numbers: plausible, not measured.

/**
 * @typedef {{ call: string } | { parallel: string[] } | { sleepMicros: number }} RouteStep
 * @typedef {object} Route
 * @property {string} app        service letter: a … g
 * @property {boolean} decorated whether the handler carries the seed's summary/metrics decorators
 * @property {RouteStep[]} steps what the handler does between its own work, in order
 * @property {number} workMicros typical own (non-waiting) work of the handler
 * @property {number} cpuShare   share of the own work spent on CPU
 * @property {number} peakMemKb  typical peak traced memory
 */

/** @typedef {import('./mulberry32.mjs').Rng} Rng */

/** Entry routes, called through the ingress gateway, drawn uniformly. */
export const ENTRY_ROUTES = ['a1', 'a2', 'a3', 'a4'];

/** @type {Record<string, Route>} */
export const ROUTES = {
  a1: route('a', [{ call: 'b1' }], 600, 0.8, 18),
  b1: route('b', [{ call: 'c1' }], 800, 0.7, 24),
  c1: route('c', [], 1200, 0.9, 40),
  a2: route('a', [{ call: 'b2' }], 500, 0.8, 16),
  b2: route('b', [{ call: 'd1' }], 700, 0.75, 22),
  d1: route('d', [], 1500, 0.85, 64),
  a3: route('a', [{ parallel: ['e1', 'g1'] }], 400, 0.8, 20),
  e1: route(
    'e',
    [{ call: 'f1' }, { sleepMicros: 200_000 }, { call: 'd2' }],
    900,
    0.6,
    30,
  ),
  f1: route('f', [], 600, 0.9, 12),
  d2: route('d', [], 1100, 0.85, 48),
  g1: route('g', [], 2000, 0.9, 96),
  a4: route('a', [{ call: 'c2skip' }], 500, 0.8, 17),
  c2skip: { ...route('c', [{ call: 'e2' }], 700, 0.7, 0), decorated: false },
  e2: route('e', [], 1300, 0.85, 36),
};

/**
 * @param {string} app
 * @param {RouteStep[]} steps
 * @param {number} workMicros
 * @param {number} cpuShare
 * @param {number} peakMemKb
 * @returns {Route}
 */
function route(app, steps, workMicros, cpuShare, peakMemKb) {
  return { app, decorated: true, steps, workMicros, cpuShare, peakMemKb };
}

/**
 * Number of handler hops (decorated or not) a request to `name` runs through.
 * @param {string} name
 * @returns {number}
 */
export function countHandlers(name) {
  const r = ROUTES[name];
  if (!r) {
    throw new Error(`unknown route ${name}`);
  }
  let n = 1;
  for (const step of r.steps) {
    if ('call' in step) {
      n += countHandlers(step.call);
    } else if ('parallel' in step) {
      for (const callee of step.parallel) {
        n += countHandlers(callee);
      }
    }
  }
  return n;
}

/**
 * Draws one call's own work and resource use. An outlier call does 5× the
 * work (so 5× the CPU) and peaks at 3× the memory.
 * @param {Rng} rng
 * @param {Route} route
 * @param {boolean} outlier
 * @returns {{ workMicros: number, preMicros: number, cpuMs: number, peakMemKb: number }}
 */
export function drawHandlerCost(rng, route, outlier) {
  const jitter = 0.75 + 0.5 * rng.next() - 0.1 * Math.log(1 - rng.next());
  const workMicros = Math.round((outlier ? 5 : 1) * route.workMicros * jitter);
  const preMicros =
    route.steps.length === 0 ? workMicros : Math.round(workMicros * 0.7);
  const cpuNanos =
    workMicros * 1000 * route.cpuShare * (0.9 + 0.1 * rng.next());
  const memBytes =
    route.peakMemKb * 1024 * (outlier ? 3 : 1) * (0.9 + 0.2 * rng.next());
  return {
    workMicros,
    preMicros,
    cpuMs: Math.round(cpuNanos) / 1e6,
    peakMemKb: Math.round(memBytes) / 1024,
  };
}
