/** A stand-in for the showcase runner: one fake HTTP server per "system", answering every route. */
import type { IncomingMessage } from 'node:http';
import type {
  RunningSystem,
  StartSystemOptions,
  SystemStarter,
} from '../../src/showcase/showcase-system.js';
import {
  answer,
  startFakeServer,
} from '../../../measure/test/fake-http-server.js';

export interface FakeSystems {
  readonly starter: SystemStarter;
  readonly started: StartSystemOptions[];
  /** Paths requested, per SDK mode. */
  readonly requests: Map<string, string[]>;
  readonly stopped: () => number;
}

const LETTERS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

export function createFakeSystems(
  options: {
    fail?: (req: IncomingMessage) => boolean;
    exportWhenStopped?: (mode: string) => boolean;
  } = {},
): FakeSystems {
  const started: StartSystemOptions[] = [];
  const requests = new Map<string, string[]>();
  let stopped = 0;
  const starter: SystemStarter = async (opts) => {
    started.push(opts);
    const mode = opts.env?.PATHPROF_SDK ?? 'full';
    const seen: string[] = requests.get(mode) ?? [];
    requests.set(mode, seen);
    const server = await startFakeServer((req, res) => {
      seen.push(req.url ?? '');
      answer(res, options.fail?.(req) === true ? 503 : 200);
    });
    const system: RunningSystem = {
      sys: opts.sys,
      entryUrl: `${server.url}/a/v1`,
      examples: [`${server.url}/a/v1/a1`],
      services: LETTERS.map((l) => ({
        name: `svc-${l}`,
        url: `${server.url}/${l}/v1`,
        port: Number(new URL(server.url).port),
        pid: process.pid,
      })),
      stop: async () => {
        stopped++;
        if (
          opts.otlpEndpoint !== undefined &&
          options.exportWhenStopped?.(mode) === true
        ) {
          await fetch(`${opts.otlpEndpoint}/v1/traces`, {
            method: 'POST',
            body: new Uint8Array(64),
          });
        }
        await server.close();
      },
    };
    return system;
  };
  return { starter, started, requests, stopped: () => stopped };
}
