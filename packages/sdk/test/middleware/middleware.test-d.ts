import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import {
  expressProfiler,
  fastifyProfiler,
  forwardHeaders,
  profileHttpHandler,
} from '../../src/index.js';

// Checked by `tsc` (tsconfig.json includes packages/*/test), not run.

describe('middleware types', () => {
  it('gives node:http a request listener', () => {
    const listener = profileHttpHandler('a1', async (req, res) => {
      expectTypeOf(req).toEqualTypeOf<IncomingMessage>();
      expectTypeOf(res).toEqualTypeOf<ServerResponse>();
      await Promise.resolve();
      res.end();
    });
    createServer(listener);
    createServer(
      profileHttpHandler(
        (req) => req.url ?? 'root',
        (_req, res) => res.end(),
      ),
    );
    // @ts-expect-error -- the name is a string or a function of the request
    profileHttpHandler(7, () => {});
  });

  it('plugs into Express as middleware, app-wide or per route', () => {
    const app = express();
    app.use(expressProfiler());
    app.get('/a1', expressProfiler('a1'), (req, res) => {
      res.json(forwardHeaders(req));
    });
    express.Router().get('/b1', expressProfiler(), (_req, res) => res.end());
  });

  it('registers as a Fastify plugin, with or without options', async () => {
    const app = Fastify();
    await app.register(fastifyProfiler);
    await app.register(fastifyProfiler, {
      hopName: (request) => request.routeOptions?.url,
    });
    app.get('/c1', (request) => forwardHeaders(request));
  });

  it('returns string headers from forwardHeaders', () => {
    expectTypeOf(forwardHeaders()).toEqualTypeOf<Record<string, string>>();
    forwardHeaders(new Headers());
    forwardHeaders({ 'x-request-id': 'r', 'set-cookie': ['a', 'b'] });
  });
});
