/**
 * Runs a multi-svc service definition: each route performs its steps
 * (sequential calls, concurrent calls, sleeps) and answers with
 * `{service}:{route} #{random}` followed by the downstream answers in
 * parentheses. Profiled routes are hops; twins and `c2skip` are not.
 */
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceConfig } from '../config/service-config.js';
import { buildDownstreamUrl, findDownstream } from '../config/downstream.js';
import type {
  RouteDefinition,
  RouteRef,
  ServiceDefinition,
} from '../services/service-definition.js';
import { callDownstream } from './call-downstream.js';
import type { Route } from './http-service.js';
import { sendText } from './http-service.js';
import type { Instrumentation, RouteHandler } from './instrumentation.js';

export interface StepRoutesOptions {
  readonly definition: ServiceDefinition;
  readonly config: ServiceConfig;
  readonly instrumentation: Instrumentation;
  /** The default prefix of a service by name, to find local `DOWNSTREAM_SVCS` entries. */
  readonly prefixOf: (service: string) => string | undefined;
  readonly random?: () => number;
}

export function createStepRoutes(
  options: StepRoutesOptions,
): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const def of options.definition.routes) {
    const handler = createRouteHandler(def, options);
    routes.set(def.name, {
      handle: def.profiled
        ? options.instrumentation.profileRoute(def.name, handler)
        : handler,
    });
  }
  return routes;
}

function createRouteHandler(
  def: RouteDefinition,
  options: StepRoutesOptions,
): RouteHandler {
  const { config, instrumentation, prefixOf } = options;
  const random = options.random ?? Math.random;

  const callTarget = (req: IncomingMessage, t: RouteRef): Promise<string> => {
    const target = findDownstream(
      config.downstream,
      t.service,
      prefixOf(t.service),
    );
    if (target === undefined) {
      return Promise.reject(
        new Error(`DOWNSTREAM_SVCS has no entry for ${t.service}`),
      );
    }
    const url = buildDownstreamUrl(
      target,
      t.route,
      config.namespace,
      config.local,
    );
    return callDownstream(url, instrumentation.outgoingHeaders(req)).then(
      (body) => body.trim(),
    );
  };

  return async (req, res) => {
    const answers: string[] = [];
    try {
      for (const step of def.steps) {
        if (step.kind === 'sleep') {
          await sleep(step.millis);
        } else {
          answers.push(
            ...(await Promise.all(step.targets.map((t) => callTarget(req, t)))),
          );
        }
      }
    } catch (err) {
      sendText(
        res,
        502,
        `${config.serviceName}:${def.name} failed: ${String(err)}\n`,
      );
      throw err;
    }
    const own = `${config.serviceName}:${def.name} #${Math.floor(random() * 10_000)}`;
    sendText(
      res,
      200,
      `${answers.length === 0 ? own : `${own} (${answers.join(', ')})`}\n`,
    );
  };
}
