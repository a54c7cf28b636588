import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import express from 'express';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  expressProfiler,
  forwardHeaders,
  HOP_PATH_ATTR,
  profiled,
} from '../../src/index.js';
import { attr, parentIdOf, sleep, startTestTracing } from '../helpers.js';

const TRACE_ID = '80f198ee56343ba864fe8b2a57d3eff7';
const SPAN_ID = 'e457b5a2e4d86bd1';

describe('expressProfiler', () => {
  const t = startTestTracing();
  let server: Server | undefined;
  afterAll(() => t.tracing.shutdown());
  beforeEach(() => t.exporter.reset());
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  async function serve(app: express.Express): Promise<string> {
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('names the hop after the route path, with the router mount point', async () => {
    const app = express();
    const router = express.Router();
    router.get('/rolldice/:count', expressProfiler(), (req, res) => {
      res.json({ count: req.params['count'] });
    });
    app.use('/app_a/v1', router);
    const url = await serve(app);

    await fetch(`${url}/app_a/v1/rolldice/3`, {
      headers: { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` },
    });

    const span = t.span('/app_a/v1/rolldice/:count');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(parentIdOf(span)).toBe(SPAN_ID);
    expect(span.attributes).toMatchObject({
      'http.route': '/app_a/v1/rolldice/:count',
      'url.path': '/app_a/v1/rolldice/3',
      'http.response.status_code': 200,
    });
  });

  it('uses an explicit name and runs async handlers and nested hops inside the hop', async () => {
    const app = express();
    const roll = profiled('roll', (count: number) =>
      Array.from({ length: count }, () => 6),
    );
    app.get('/rolldice', expressProfiler('rolldice'), async (_req, res) => {
      await sleep(2);
      res.json({ rolls: roll(2), forwarded: forwardHeaders() });
    });
    const url = await serve(app);

    const body = (await (await fetch(`${url}/rolldice`)).json()) as {
      forwarded: Record<string, string>;
    };

    const outer = t.span('rolldice');
    expect(parentIdOf(t.span('roll'))).toBe(outer.spanContext().spanId);
    expect(attr(t.span('roll'), HOP_PATH_ATTR)).toBe(
      'svc-test:rolldice > svc-test:roll',
    );
    expect(body.forwarded['traceparent']).toContain(outer.spanContext().spanId);
  });

  it('profiles every request as app-level middleware, named by request path', async () => {
    const app = express();
    app.use(expressProfiler());
    app.get('/home', (_req, res) => {
      res.send('hello');
    });
    const url = await serve(app);

    await fetch(`${url}/home`);

    expect(t.spans().map((s) => s.name)).toEqual(['/home']);
  });

  it('marks the hop as an error when Express answers 500 for a failing handler', async () => {
    const app = express();
    app.get('/fail', expressProfiler('fail'), () => {
      throw new Error('handler failed');
    });
    app.use(
      (
        _error: unknown,
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res.status(500).send('sorry');
      },
    );
    const url = await serve(app);

    const response = await fetch(`${url}/fail`);

    expect(response.status).toBe(500);
    expect(t.span('fail').status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'HTTP 500',
    });
  });
});
