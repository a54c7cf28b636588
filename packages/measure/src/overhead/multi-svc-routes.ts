/**
 * The multi-svc routes `pathprof overhead` can measure, with what one request
 * to each costs in instrumentation (seed-system.md §1): the number of
 * decorated handlers it runs (its hops) and the services it crosses.
 *
 *   a1: a1 > b1 > c1                     3 hops, 3 services
 *   a3: a3 > e1 > f1, d2 (after 200 ms)  5 hops, 5 services
 *       a3 > g1                          (e1 and g1 concurrently)
 *   a4: a4 > c2skip (undecorated) > e2   2 hops, 3 services
 */
export interface OverheadRoute {
  readonly route: string;
  /** The service serving it, e.g. `svc-a`. */
  readonly service: string;
  readonly decoratedHops: number;
  readonly services: number;
  /** Whether a request includes e1's 200 ms sleep. */
  readonly sleeps: boolean;
}

const ROUTES: readonly OverheadRoute[] = [
  route('a1', 3, 3),
  route('a2', 3, 3),
  route('a3', 5, 5, true),
  route('a4', 2, 3),
  route('b1', 2, 2),
  route('b2', 2, 2),
  route('c1', 1, 1),
  route('c2skip', 1, 2),
  route('d1', 1, 1),
  route('d2', 1, 1),
  route('e1', 3, 3, true),
  route('e2', 1, 1),
  route('f1', 1, 1),
  route('f2', 1, 1),
  route('g1', 1, 1),
  route('g2', 1, 1),
];

export const DEFAULT_OVERHEAD_ROUTES = 'a1,a2,a4';

/** The undecorated twin of a route (`a1` → `a1n`). */
export function twinRoute(route: string): string {
  return `${route}n`;
}

export function findOverheadRoute(name: string): OverheadRoute | undefined {
  return ROUTES.find((r) => r.route === name);
}

export function listOverheadRoutes(): readonly string[] {
  return ROUTES.map((r) => r.route);
}

function route(
  name: string,
  decoratedHops: number,
  services: number,
  sleeps = false,
): OverheadRoute {
  return {
    route: name,
    service: `svc-${name[0]!}`,
    decoratedHops,
    services,
    sleeps,
  };
}
