import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../src/shared/cli-io.js';
import { OPEN_COLLECTOR_WARNING } from '@pathprof/collector';
import { runServe } from '../../src/serve/run-serve.js';
import { runCli } from '../cli-harness.js';

function captureIo(): {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
} {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    io: {
      stdin: Readable.from([]),
      stdout,
      stderr,
      nowMicros: () => Date.now() * 1000,
    },
    stdout: () => out,
    stderr: () => err,
  };
}

const ALL_EXTRA_PORTS_OFF = [
  '--otlp-grpc-port=off',
  '--jaeger-thrift-http-port=off',
  '--jaeger-thrift-compact-port=off',
  '--jaeger-thrift-binary-port=off',
  '--jaeger-grpc-port=off',
  '--query-grpc-port=off',
];

describe('pathprof serve', () => {
  it('prints its addresses as JSON, serves until stopped, then stops cleanly', async () => {
    const { io, stdout, stderr } = captureIo();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const serving = runServe(
      {
        format: 'json',
        data: ':memory:',
        otlpPort: '0',
        zipkinPort: '0',
        queryPort: '0',
        otlpGrpcPort: '0',
        jaegerThriftHttpPort: '0',
        jaegerThriftCompactPort: '0',
        jaegerThriftBinaryPort: '0',
        jaegerGrpcPort: '0',
        queryGrpcPort: '0',
        basePath: '/jaeger',
      },
      io,
      {},
      () => stopped,
    );
    await expect.poll(() => stdout(), { timeout: 10_000 }).toContain('\n');
    const started = JSON.parse(stdout()) as Record<string, unknown>;
    expect(started).toMatchObject({
      otlp: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+\/v1\/traces$/,
      ) as unknown,
      zipkin: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+\/api\/v2\/spans$/,
      ) as unknown,
      query: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+\/jaeger$/,
      ) as unknown,
      otlpGrpc: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as unknown,
      jaegerThriftHttp: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+\/api\/traces$/,
      ) as unknown,
      jaegerThriftCompact: expect.stringMatching(
        /^udp:\/\/127\.0\.0\.1:\d+$/,
      ) as unknown,
      jaegerThriftBinary: expect.stringMatching(
        /^udp:\/\/127\.0\.0\.1:\d+$/,
      ) as unknown,
      jaegerGrpc: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+$/,
      ) as unknown,
      queryGrpc: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+$/,
      ) as unknown,
      data: ':memory:',
      retentionSeconds: 72 * 3600,
      token: false,
    });
    const health = await fetch(`${started['query'] as string}/readyz`);
    expect(health.status).toBe(200);
    stop();
    await serving;
    await expect(
      fetch(`${started['query'] as string}/healthz`),
    ).rejects.toThrow();
    const logs = stderr()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(logs.map((l) => l.msg)).toEqual([
      'collector listening',
      'collector stopped',
    ]);
  });

  it('says which port is busy and how to get a free one, exiting 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(0, '127.0.0.1', resolve),
    );
    const port = (blocker.address() as AddressInfo).port;
    try {
      const result = await runCli([
        'serve',
        '--data',
        ':memory:',
        '--otlp-port',
        String(port),
        '--zipkin-port',
        '0',
        '--query-port',
        '0',
        ...ALL_EXTRA_PORTS_OFF,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `pathprof: the OTLP port ${port} on 127.0.0.1 is in use: stop the process holding it, or pass --otlp-port 0 for a free port`,
      );
    } finally {
      blocker.close();
    }
  });

  it('names the gRPC or UDP port that is busy', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(0, '127.0.0.1', resolve),
    );
    const port = (blocker.address() as AddressInfo).port;
    try {
      const result = await runCli([
        'serve',
        '--data',
        ':memory:',
        '--otlp-port=0',
        '--zipkin-port=off',
        '--query-port=0',
        ...ALL_EXTRA_PORTS_OFF,
        '--otlp-grpc-port',
        String(port),
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `pathprof: the OTLP/gRPC port ${port} on 127.0.0.1 is in use: stop the process holding it, or pass --otlp-grpc-port 0 for a free port`,
      );
    } finally {
      blocker.close();
    }
  });

  it('exits 2 on an empty --token, as "$TOKEN" gives when unset, before opening anything', async () => {
    const result = await runCli([
      'serve',
      '--token',
      '',
      '--query-port',
      '0',
      '--data',
      ':memory:',
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      '--token: the token is empty or only whitespace (an unset variable?)',
    );
  });

  it('exits 2 on a blank PATHPROF_TOKEN', async () => {
    vi.stubEnv('PATHPROF_TOKEN', '  ');
    let result: Awaited<ReturnType<typeof runCli>>;
    try {
      result = await runCli([
        'serve',
        '--query-port',
        '0',
        '--data',
        ':memory:',
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'PATHPROF_TOKEN is set but empty or only whitespace',
    );
  });

  it('warns, in its log and its startup message, when it listens beyond loopback without a token', async () => {
    const { io, stdout, stderr } = captureIo();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const serving = runServe(
      {
        format: 'table',
        quiet: true,
        host: '0.0.0.0',
        data: ':memory:',
        otlpPort: 'off',
        zipkinPort: 'off',
        queryPort: '0',
        otlpGrpcPort: 'off',
        jaegerThriftHttpPort: 'off',
        jaegerThriftCompactPort: 'off',
        jaegerThriftBinaryPort: 'off',
        jaegerGrpcPort: 'off',
        queryGrpcPort: 'off',
      },
      io,
      {},
      () => stopped,
    );
    await expect.poll(() => stdout(), { timeout: 10_000 }).toContain('Ctrl-C');
    stop();
    await serving;
    expect(stdout()).toContain(
      '  token      NONE — WARNING: 0.0.0.0 is reachable from other machines; anyone who can reach these ports can read every trace and write spans. Set PATHPROF_TOKEN (or --token), or listen on 127.0.0.1',
    );
    expect(
      stderr()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    ).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: OPEN_COLLECTOR_WARNING,
        host: '0.0.0.0',
      }),
    );
  });

  it('does not warn on loopback or with a token', async () => {
    for (const [host, token] of [
      ['127.0.0.1', undefined],
      ['0.0.0.0', 's3cret'],
    ] as const) {
      const { io, stdout, stderr } = captureIo();
      let stop!: () => void;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      const serving = runServe(
        {
          format: 'table',
          host,
          ...(token === undefined ? {} : { token }),
          data: ':memory:',
          otlpPort: 'off',
          zipkinPort: 'off',
          queryPort: '0',
          otlpGrpcPort: 'off',
          jaegerThriftHttpPort: 'off',
          jaegerThriftCompactPort: 'off',
          jaegerThriftBinaryPort: 'off',
          jaegerGrpcPort: 'off',
          queryGrpcPort: 'off',
        },
        io,
        {},
        () => stopped,
      );
      await expect
        .poll(() => stdout(), { timeout: 10_000 })
        .toContain('Ctrl-C');
      stop();
      await serving;
      expect(stdout()).not.toContain('WARNING');
      expect(stderr()).not.toContain(OPEN_COLLECTOR_WARNING);
    }
  });

  it('answers the names of --allowed-host and refuses other names on loopback', async () => {
    const { io, stdout } = captureIo();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const serving = runServe(
      {
        format: 'json',
        quiet: true,
        data: ':memory:',
        allowedHost: ['pathprof.test'],
        otlpPort: 'off',
        zipkinPort: 'off',
        queryPort: '0',
        otlpGrpcPort: 'off',
        jaegerThriftHttpPort: 'off',
        jaegerThriftCompactPort: 'off',
        jaegerThriftBinaryPort: 'off',
        jaegerGrpcPort: 'off',
        queryGrpcPort: 'off',
      },
      io,
      {},
      () => stopped,
    );
    try {
      await expect.poll(() => stdout(), { timeout: 10_000 }).toContain('\n');
      const { query } = JSON.parse(stdout()) as { query: string };
      const statusFor = (host: string): Promise<number> =>
        new Promise((resolve, reject) => {
          httpRequest(`${query}/api/services`, { headers: { host } }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          })
            .on('error', reject)
            .end();
        });
      expect(await statusFor('pathprof.test')).toBe(200);
      expect(await statusFor('evil.example')).toBe(403);
    } finally {
      stop();
      await serving;
    }
  });

  it('exits 2 on a bad flag before opening anything', async () => {
    const result = await runCli(['serve', '--query-port', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--query-port: "x" is not a port number');
  });
});
