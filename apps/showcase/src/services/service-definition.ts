/**
 * The multi-svc services as data: each route is a list of steps (call one
 * route, call several routes concurrently, sleep). One generic server runs
 * them (server/step-routes.ts), so the call graph of seed-system.md §1 can be
 * read, and tested, in one place.
 */

/** A route of another service, named by the service's `SVC_NAME`. */
export interface RouteRef {
  readonly service: string;
  readonly route: string;
}

export type Step =
  /** Calls every target at once and waits for all (one target: a plain call). */
  | { readonly kind: 'call'; readonly targets: readonly RouteRef[] }
  | { readonly kind: 'sleep'; readonly millis: number };

export interface RouteDefinition {
  readonly name: string;
  /** Whether the handler is a profiled hop; undecorated routes leave no hop. */
  readonly profiled: boolean;
  readonly steps: readonly Step[];
}

export interface ServiceDefinition {
  /** The seed's `SVC_NAME`, e.g. `svc-a`. */
  readonly name: string;
  /** The seed's default mount point, e.g. `/a` and `v1`. */
  readonly prefix: string;
  readonly version: string;
  /** Every route, each followed by its undecorated `…n` twin. */
  readonly routes: readonly RouteDefinition[];
}

/** Suffix of the undecorated twin of a route (`a1` → `a1n`). */
export const TWIN_SUFFIX = 'n';

export function callRoute(service: string, route: string): Step {
  return { kind: 'call', targets: [{ service, route }] };
}

export function callConcurrently(...targets: RouteRef[]): Step {
  return { kind: 'call', targets };
}

export function sleepFor(millis: number): Step {
  return { kind: 'sleep', millis };
}

export function profiledRoute(name: string, ...steps: Step[]): RouteDefinition {
  return { name, profiled: true, steps };
}

export function unprofiledRoute(
  name: string,
  ...steps: Step[]
): RouteDefinition {
  return { name, profiled: false, steps };
}

/** The undecorated twin: same steps, calling the twins downstream (`a1n` → `b1n`). */
export function twinOf(route: RouteDefinition): RouteDefinition {
  return {
    name: `${route.name}${TWIN_SUFFIX}`,
    profiled: false,
    steps: route.steps.map((step) =>
      step.kind === 'call'
        ? {
            kind: 'call',
            targets: step.targets.map((t) => ({
              service: t.service,
              route: `${t.route}${TWIN_SUFFIX}`,
            })),
          }
        : step,
    ),
  };
}

/** A service with every route followed by its twin. */
export function defineService(
  name: string,
  prefix: string,
  version: string,
  routes: readonly RouteDefinition[],
): ServiceDefinition {
  return {
    name,
    prefix,
    version,
    routes: routes.flatMap((r) => [r, twinOf(r)]),
  };
}
