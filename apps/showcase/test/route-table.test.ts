import { describe, expect, it } from 'vitest';
import {
  findMultiSvcService,
  listDownstreamServices,
  MULTI_SVC_SERVICES,
} from '../src/services/multi-svc.js';
import type {
  RouteDefinition,
  Step,
} from '../src/services/service-definition.js';
import { E1_PAUSE_MILLIS } from '../src/services/svc-e.js';
import { SHOWCASE_SYSTEMS } from '../src/runner/systems.js';

/** A step as text: `svc-b/b1`, `svc-e/e1 & svc-g/g1` (concurrent), `sleep 200`. */
function describeStep(step: Step): string {
  return step.kind === 'sleep'
    ? `sleep ${step.millis}`
    : step.targets.map((t) => `${t.service}/${t.route}`).join(' & ');
}

function describeRoutes(routes: readonly RouteDefinition[]): string[] {
  return routes.map(
    (r) =>
      `${r.name}${r.profiled ? '' : ' (undecorated)'}: ${r.steps.map(describeStep).join(' ; ') || '-'}`,
  );
}

describe('the multi-svc route table (seed-system.md §1)', () => {
  it('has the seven services, each under /{letter}/v1', () => {
    expect(
      MULTI_SVC_SERVICES.map((s) => `${s.name} ${s.prefix}/${s.version}`),
    ).toEqual([
      'svc-a /a/v1',
      'svc-b /b/v1',
      'svc-c /c/v1',
      'svc-d /d/v1',
      'svc-e /e/v1',
      'svc-f /f/v1',
      'svc-g /g/v1',
    ]);
  });

  it('has every route of the seed with its calls, profiled except c2skip', () => {
    const table = MULTI_SVC_SERVICES.flatMap((s) =>
      describeRoutes(s.routes.filter((r) => !r.name.endsWith('n'))).map(
        (line) => `${s.name} ${line}`,
      ),
    );
    expect(table).toEqual([
      'svc-a a1: svc-b/b1',
      'svc-a a2: svc-b/b2',
      'svc-a a3: svc-e/e1 & svc-g/g1',
      'svc-a a4: svc-c/c2skip',
      'svc-b b1: svc-c/c1',
      'svc-b b2: svc-d/d1',
      'svc-c c1: -',
      'svc-c c2skip (undecorated): svc-e/e2',
      'svc-d d1: -',
      'svc-d d2: -',
      `svc-e e1: svc-f/f1 ; sleep ${E1_PAUSE_MILLIS} ; svc-d/d2`,
      'svc-e e2: -',
      'svc-f f1: -',
      'svc-f f2: -',
      'svc-g g1: -',
      'svc-g g2: -',
    ]);
    expect(E1_PAUSE_MILLIS).toBe(200);
  });

  it('gives every route an undecorated twin that calls the twins downstream', () => {
    for (const service of MULTI_SVC_SERVICES) {
      const byName = new Map(service.routes.map((r) => [r.name, r]));
      for (const route of service.routes.filter((r) => r.profiled)) {
        const twin = byName.get(`${route.name}n`);
        expect(twin, `${service.name} ${route.name}n`).toBeDefined();
        expect(twin!.profiled).toBe(false);
        expect(twin!.steps.map(describeStep)).toEqual(
          route.steps.map(describeStep).map((s) =>
            s.startsWith('sleep')
              ? s
              : s
                  .split(' & ')
                  .map((t) => `${t}n`)
                  .join(' & '),
          ),
        );
      }
    }
    expect(describeRoutes(findMultiSvcService('svc-a')!.routes)).toContain(
      'a1n (undecorated): svc-b/b1n',
    );
    expect(describeRoutes(findMultiSvcService('svc-c')!.routes)).toContain(
      'c2skipn (undecorated): svc-e/e2n',
    );
  });

  it('calls from every twin only twins', () => {
    for (const service of MULTI_SVC_SERVICES) {
      for (const route of service.routes.filter((r) => !r.profiled)) {
        if (route.name === 'c2skip') {
          continue;
        }
        for (const step of route.steps) {
          if (step.kind === 'call') {
            for (const t of step.targets) {
              expect(t.route.endsWith('n'), `${route.name} → ${t.route}`).toBe(
                true,
              );
            }
          }
        }
      }
    }
  });

  it('lists the services each service calls, as its DOWNSTREAM_SVCS must', () => {
    expect(
      Object.fromEntries(
        MULTI_SVC_SERVICES.map((s) => [s.name, listDownstreamServices(s)]),
      ),
    ).toEqual({
      'svc-a': ['svc-b', 'svc-e', 'svc-g', 'svc-c'],
      'svc-b': ['svc-c', 'svc-d'],
      'svc-c': ['svc-e'],
      'svc-d': [],
      'svc-e': ['svc-f', 'svc-d'],
      'svc-f': [],
      'svc-g': [],
    });
  });

  it('calls only services that exist, on routes that exist', () => {
    for (const service of MULTI_SVC_SERVICES) {
      for (const route of service.routes) {
        for (const step of route.steps) {
          if (step.kind !== 'call') {
            continue;
          }
          for (const t of step.targets) {
            const callee = findMultiSvcService(t.service);
            expect(callee, t.service).toBeDefined();
            expect(callee!.routes.map((r) => r.name)).toContain(t.route);
          }
        }
      }
    }
  });
});

describe('the showcase systems', () => {
  it('runs the seven services in multi-svc, entry service first', () => {
    const sys = SHOWCASE_SYSTEMS['multi-svc'];
    expect(sys.services.map((s) => s.name)).toEqual([
      'svc-a',
      'svc-b',
      'svc-c',
      'svc-d',
      'svc-e',
      'svc-f',
      'svc-g',
    ]);
    expect(sys.services[0]!.downstream).toEqual([
      'svc-b',
      'svc-e',
      'svc-g',
      'svc-c',
    ]);
  });

  it('deploys rolldice twice in toy, under /app_a/v1 and /app_b/v1, calling nothing', () => {
    expect(
      SHOWCASE_SYSTEMS.toy.services.map(
        (s) =>
          `${s.name} ${s.app} ${s.prefix}/${s.version} [${s.downstream.join(',')}]`,
      ),
    ).toEqual([
      'rolldice-a rolldice /app_a/v1 []',
      'rolldice-b rolldice /app_b/v1 []',
    ]);
  });
});
