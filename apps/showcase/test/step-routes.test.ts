import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServiceConfig } from '../src/config/service-config.js';
import { formatDownstreamServices } from '../src/config/downstream.js';
import type {
  Instrumentation,
  RouteHandler,
} from '../src/server/instrumentation.js';
import { createStepRoutes } from '../src/server/step-routes.js';
import {
  findMultiSvcService,
  listDownstreamServices,
  MULTI_SVC_SERVICES,
} from '../src/services/multi-svc.js';
import type { TestService } from './helpers.js';
import { get, startTestService } from './helpers.js';

interface Call {
  hop: string;
  start: number;
  end: number;
  requestId: string | undefined;
}

const calls: Call[] = [];

/** Records each profiled route call as `service:route` with its start and end. */
function recording(service: string): Instrumentation {
  return {
    profileRoute(name: string, handler: RouteHandler): RouteHandler {
      return async (req, res, params) => {
        const call: Call = {
          hop: `${service}:${name}`,
          start: performance.now(),
          end: NaN,
          requestId: req.headers['x-request-id'] as string | undefined,
        };
        calls.push(call);
        try {
          await handler(req, res, params);
        } finally {
          call.end = performance.now();
        }
      };
    },
    profileFunction: (_name, fn) => fn,
    outgoingHeaders: (incoming) => {
      const id = incoming.headers['x-request-id'];
      return typeof id === 'string' ? { 'x-request-id': id } : {};
    },
  };
}

const services = new Map<string, TestService>();

/** Starts the seven services in-process, callees first, wired through DOWNSTREAM_SVCS. */
beforeAll(async () => {
  const pending = [...MULTI_SVC_SERVICES];
  while (pending.length > 0) {
    const index = pending.findIndex((s) =>
      listDownstreamServices(s).every((d) => services.has(d)),
    );
    const def = pending.splice(index, 1)[0]!;
    const downstream = listDownstreamServices(def).map((name) => {
      const callee = findMultiSvcService(name)!;
      return {
        host: '127.0.0.1',
        port: services.get(name)!.port,
        prefix: callee.prefix,
        version: callee.version,
      };
    });
    const config = readServiceConfig(
      { LOCAL: '1', DOWNSTREAM_SVCS: formatDownstreamServices(downstream) },
      { serviceName: def.name, apiPrefix: def.prefix, apiVersion: def.version },
    );
    const routes = createStepRoutes({
      definition: def,
      config,
      instrumentation: recording(def.name),
      prefixOf: (name) => findMultiSvcService(name)?.prefix,
      random: () => 0.1234,
    });
    services.set(
      def.name,
      await startTestService(`${def.prefix}/${def.version}`, routes),
    );
  }
});

afterAll(async () => {
  await Promise.all([...services.values()].map((s) => s.close()));
});

async function callEntry(route: string, requestId: string): Promise<string> {
  calls.length = 0;
  const answer = await get(`${services.get('svc-a')!.url}/a/v1/${route}`, {
    'x-request-id': requestId,
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

describe('the multi-svc routes, run in-process', () => {
  it('answers a1 with its random number and the downstream answers', async () => {
    expect(await callEntry('a1', 'r-a1')).toBe(
      'svc-a:a1 #1234 (svc-b:b1 #1234 (svc-c:c1 #1234))\n',
    );
    expect(calls.map((c) => c.hop)).toEqual([
      'svc-a:a1',
      'svc-b:b1',
      'svc-c:c1',
    ]);
  });

  it('forwards the incoming request headers downstream', async () => {
    await callEntry('a2', 'r-a2');
    expect(calls.map((c) => `${c.hop} ${c.requestId}`)).toEqual([
      'svc-a:a2 r-a2',
      'svc-b:b2 r-a2',
      'svc-d:d1 r-a2',
    ]);
  });

  it('calls e1 and g1 concurrently from a3', async () => {
    const body = await callEntry('a3', 'r-a3');
    expect(body).toBe(
      'svc-a:a3 #1234 (svc-e:e1 #1234 (svc-f:f1 #1234, svc-d:d2 #1234), svc-g:g1 #1234)\n',
    );
    const e1 = calls.find((c) => c.hop === 'svc-e:e1')!;
    const g1 = calls.find((c) => c.hop === 'svc-g:g1')!;
    expect(g1.start).toBeLessThan(e1.end);
    expect(e1.start).toBeLessThan(g1.end);
  });

  it('calls f1, then sleeps 200 ms, then calls d2 from e1', async () => {
    await callEntry('a3', 'r-e1');
    const f1 = calls.find((c) => c.hop === 'svc-f:f1')!;
    const d2 = calls.find((c) => c.hop === 'svc-d:d2')!;
    expect(d2.start - f1.end).toBeGreaterThanOrEqual(195);
    expect(d2.start - f1.end).toBeLessThan(1_000);
  });

  it('leaves c2skip unprofiled on the way from a4 to e2', async () => {
    expect(await callEntry('a4', 'r-a4')).toBe(
      'svc-a:a4 #1234 (svc-c:c2skip #1234 (svc-e:e2 #1234))\n',
    );
    expect(calls.map((c) => c.hop)).toEqual(['svc-a:a4', 'svc-e:e2']);
  });

  it.each([
    ['a1n', 'svc-a:a1n #1234 (svc-b:b1n #1234 (svc-c:c1n #1234))\n'],
    ['a2n', 'svc-a:a2n #1234 (svc-b:b2n #1234 (svc-d:d1n #1234))\n'],
    [
      'a3n',
      'svc-a:a3n #1234 (svc-e:e1n #1234 (svc-f:f1n #1234, svc-d:d2n #1234), svc-g:g1n #1234)\n',
    ],
    ['a4n', 'svc-a:a4n #1234 (svc-c:c2skipn #1234 (svc-e:e2n #1234))\n'],
  ])(
    'runs the twin %s through the twins downstream, profiling nothing',
    async (route, body) => {
      expect(await callEntry(route, `r-${route}`)).toBe(body);
      expect(calls).toEqual([]);
    },
  );

  it('answers 502 naming the service when a downstream service is not configured', async () => {
    const def = findMultiSvcService('svc-b')!;
    const routes = createStepRoutes({
      definition: def,
      config: readServiceConfig(
        {},
        { serviceName: 'svc-b', apiPrefix: '/b', apiVersion: 'v1' },
      ),
      instrumentation: recording('svc-b'),
      prefixOf: (name) => findMultiSvcService(name)?.prefix,
    });
    const lonely = await startTestService('/b/v1', routes);
    try {
      const answer = await get(`${lonely.url}/b/v1/b1`);
      expect(answer.status).toBe(502);
      expect(answer.body).toContain('DOWNSTREAM_SVCS has no entry for svc-c');
    } finally {
      await lonely.close();
    }
  });

  it('answers 502 when a downstream service is down', async () => {
    const def = findMultiSvcService('svc-b')!;
    const routes = createStepRoutes({
      definition: def,
      config: readServiceConfig(
        { LOCAL: '1', DOWNSTREAM_SVCS: '127.0.0.1:1/c/v1' },
        { serviceName: 'svc-b', apiPrefix: '/b', apiVersion: 'v1' },
      ),
      instrumentation: recording('svc-b'),
      prefixOf: (name) => findMultiSvcService(name)?.prefix,
    });
    const lonely = await startTestService('/b/v1', routes);
    try {
      const answer = await get(`${lonely.url}/b/v1/b1`);
      expect(answer.status).toBe(502);
      // the error's name is part of the answer, as it always was
      expect(answer.body).toContain(
        'DownstreamError: http://127.0.0.1:1/c/v1/c1',
      );
    } finally {
      await lonely.close();
    }
  });
});
