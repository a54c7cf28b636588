import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { OutgoingHttpHeaders } from 'node:http';
import type { HttpService, Route } from '../src/server/http-service.js';
import { createHttpService } from '../src/server/http-service.js';
import type {
  Instrumentation,
  RouteHandler,
} from '../src/server/instrumentation.js';
import type { LogFields } from '../src/server/log.js';

export interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** GET without keep-alive. */
export function get(
  url: string,
  headers: OutgoingHttpHeaders = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers }),
        );
      })
      .on('error', reject);
  });
}

export interface LogEntry {
  event: string;
  fields: LogFields;
}

export interface TestService {
  readonly service: HttpService;
  readonly url: string;
  readonly port: number;
  readonly logs: LogEntry[];
  close(): Promise<void>;
}

/** A service on a free 127.0.0.1 port, logging into `logs`. */
export async function startTestService(
  mount: string,
  routes: ReadonlyMap<string, Route>,
  metrics?: () => string,
): Promise<TestService> {
  const logs: LogEntry[] = [];
  const service = createHttpService({
    mount,
    routes,
    metrics,
    log: (event, fields = {}) => logs.push({ event, fields }),
  });
  const port = await service.listen(0, '127.0.0.1');
  return {
    service,
    url: `http://127.0.0.1:${port}`,
    port,
    logs,
    close: () => service.close(1_000),
  };
}

/** Records what was profiled and each profiled call, in call order. */
export interface RecordingInstrumentation extends Instrumentation {
  readonly profiledNames: string[];
  readonly calls: string[];
}

export function createRecordingInstrumentation(): RecordingInstrumentation {
  const profiledNames: string[] = [];
  const calls: string[] = [];
  return {
    profiledNames,
    calls,
    profileRoute(name: string, handler: RouteHandler): RouteHandler {
      profiledNames.push(name);
      return (req, res, params) => {
        calls.push(name);
        return handler(req, res, params);
      };
    },
    profileFunction<A extends unknown[], R>(
      name: string,
      fn: (...args: A) => R,
    ): (...args: A) => R {
      profiledNames.push(name);
      return (...args: A) => {
        calls.push(name);
        return fn(...args);
      };
    },
    outgoingHeaders: (incoming) => ({
      'x-request-id': incoming.headers['x-request-id'] ?? 'none',
    }),
  };
}

/** Whether a process is running (a zombie counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return (
      stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
    );
  } catch {
    return true;
  }
}
