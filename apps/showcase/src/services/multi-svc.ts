import type { ServiceDefinition } from './service-definition.js';
import { SVC_A } from './svc-a.js';
import { SVC_B } from './svc-b.js';
import { SVC_C } from './svc-c.js';
import { SVC_D } from './svc-d.js';
import { SVC_E } from './svc-e.js';
import { SVC_F } from './svc-f.js';
import { SVC_G } from './svc-g.js';

/** The seven services of the seed's "multi-svc" system, entry service first. */
export const MULTI_SVC_SERVICES: readonly ServiceDefinition[] = [
  SVC_A,
  SVC_B,
  SVC_C,
  SVC_D,
  SVC_E,
  SVC_F,
  SVC_G,
];

export function findMultiSvcService(
  name: string,
): ServiceDefinition | undefined {
  return MULTI_SVC_SERVICES.find((s) => s.name === name);
}

/** The services a service calls, in first-call order (what its `DOWNSTREAM_SVCS` must list). */
export function listDownstreamServices(
  service: ServiceDefinition,
): readonly string[] {
  const names = new Set<string>();
  for (const route of service.routes) {
    for (const step of route.steps) {
      if (step.kind === 'call') {
        for (const t of step.targets) {
          names.add(t.service);
        }
      }
    }
  }
  return [...names];
}
