/**
 * Which route each arrival goes to: a fixed cycle built by smooth weighted
 * round-robin (nginx's algorithm), so weights are honoured over every window
 * of one cycle and heavy routes are spread out rather than bunched.
 *
 *   weights a:1 b:1 c:1  ->  a b c a b c …
 *   weights a:5 b:1 c:1  ->  a a b a c a a | a a b a c a a | …
 */
export interface WeightedRoute {
  readonly route: string;
  readonly weight: number;
}

export const MAX_ROUTE_WEIGHT = 1000;

/** `a1,a2:3,/rolldice/6` → routes with weights (default 1); `null` when malformed. */
export function parseWeightedRoutes(text: string): WeightedRoute[] | null {
  const routes: WeightedRoute[] = [];
  for (const part of text.split(',')) {
    const item = part.trim();
    const match = /^(.*?):(\d+)$/.exec(item);
    const route = match === null ? item : match[1]!.trim();
    const weight = match === null ? 1 : Number(match[2]);
    if (
      route === '' ||
      !Number.isSafeInteger(weight) ||
      weight < 1 ||
      weight > MAX_ROUTE_WEIGHT ||
      routes.some((r) => r.route === route)
    ) {
      return null;
    }
    routes.push({ route, weight });
  }
  return routes.length === 0 ? null : routes;
}

/** The cycle of route indexes (length = sum of weights). */
export function buildRouteCycle(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const current = weights.map(() => 0);
  const cycle: number[] = [];
  for (let step = 0; step < total; step++) {
    let best = 0;
    for (let i = 0; i < weights.length; i++) {
      current[i]! += weights[i]!;
      if (current[i]! > current[best]!) {
        best = i;
      }
    }
    current[best]! -= total;
    cycle.push(best);
  }
  return cycle;
}

/** Arrival index → route index. */
export function createRouteMix(
  weights: readonly number[],
): (arrival: number) => number {
  const cycle = buildRouteCycle(weights);
  return (arrival) => cycle[arrival % cycle.length]!;
}
