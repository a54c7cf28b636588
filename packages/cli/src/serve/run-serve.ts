/**
 * `pathprof serve`: the collector on the embedded store until Ctrl-C or
 * SIGTERM, then a graceful stop that finishes requests in flight and makes
 * every accepted span durable before the store closes.
 */
import { isLoopbackHost } from '@pathprof/collector';
import type { RunningCollector } from '@pathprof/collector';
import type { CliIo } from '../shared/cli-io.js';
import { writeOut } from '../shared/cli-io.js';
import { UsageError } from '../shared/usage-error.js';
import type { CollectorFlags, CollectorSettings } from './collector-flags.js';
import { parseCollectorFlags } from './collector-flags.js';
import {
  createJsonLineLog,
  startCollectorOnStore,
} from './start-collector-on-store.js';

export interface ServeFlags extends CollectorFlags {
  format: string;
  quiet?: boolean;
}

export async function runServe(
  flags: ServeFlags,
  io: CliIo,
  env: Readonly<Record<string, string | undefined>>,
  untilStopped: () => Promise<unknown>,
): Promise<void> {
  if (flags.format !== 'table' && flags.format !== 'json') {
    throw new UsageError(
      '--format',
      `--format: "${flags.format}" is not one of table, json`,
    );
  }
  const settings = parseCollectorFlags(flags, env);
  const { collector } = await startCollectorOnStore(settings, {
    log: createJsonLineLog(
      (line) => io.stderr.write(line),
      flags.quiet === true ? 'warn' : 'info',
    ),
  });
  try {
    const stopped = untilStopped();
    await writeOut(
      io.stdout,
      flags.format === 'json'
        ? `${JSON.stringify(describeAsJson(collector, settings))}\n`
        : describeAsText(collector, settings),
    );
    await stopped;
  } finally {
    await collector.close();
  }
}

function describeAsJson(
  collector: RunningCollector,
  settings: CollectorSettings,
): Record<string, unknown> {
  return {
    otlp:
      collector.urls.otlp === undefined
        ? null
        : `${collector.urls.otlp}/v1/traces`,
    zipkin:
      collector.urls.zipkin === undefined
        ? null
        : `${collector.urls.zipkin}/api/v2/spans`,
    otlpGrpc: collector.urls.otlpGrpc ?? null,
    jaegerThriftHttp:
      collector.urls.jaegerThriftHttp === undefined
        ? null
        : `${collector.urls.jaegerThriftHttp}/api/traces`,
    jaegerThriftCompact: collector.urls.jaegerThriftCompact ?? null,
    jaegerThriftBinary: collector.urls.jaegerThriftBinary ?? null,
    jaegerGrpc: collector.urls.jaegerGrpc ?? null,
    query: collector.queryUrl,
    queryGrpc: collector.urls.queryGrpc ?? null,
    metrics: `${collector.urls.query!}/metrics`,
    ports: collector.ports,
    data: settings.data,
    retentionSeconds:
      settings.retentionMicros === undefined
        ? null
        : settings.retentionMicros / 1e6,
    token: settings.token !== undefined,
  };
}

function describeToken(settings: CollectorSettings): string {
  if (settings.token !== undefined) {
    return 'required (Authorization: Bearer …)';
  }
  return isLoopbackHost(settings.host)
    ? 'none (anyone who can reach these ports may use them)'
    : `NONE — WARNING: ${settings.host} is reachable from other machines; anyone who can reach these ports can read every trace and write spans. Set PATHPROF_TOKEN (or --token), or listen on 127.0.0.1`;
}

function describeAsText(
  collector: RunningCollector,
  settings: CollectorSettings,
): string {
  const { urls } = collector;
  const or = (url: string | undefined, suffix = ''): string =>
    url === undefined ? 'off' : `${url}${suffix}`;
  const lines = [
    'pathprof collector is running',
    `  OTLP/HTTP  ${or(urls.otlp, '/v1/traces')}`,
    `  OTLP/gRPC  ${or(urls.otlpGrpc)}`,
    `  Zipkin     ${or(urls.zipkin, '/api/v2/spans')} (JSON and protobuf)`,
    `  Jaeger     Thrift HTTP ${or(urls.jaegerThriftHttp, '/api/traces')}, agent UDP ${or(urls.jaegerThriftCompact)} (compact) ${or(urls.jaegerThriftBinary)} (binary), gRPC ${or(urls.jaegerGrpc)}`,
    `  query API  ${collector.queryUrl}/api/traces (Jaeger v1), ${collector.queryUrl}/api/v3/traces, ${collector.queryUrl}/api/paths`,
    `  gRPC query ${or(urls.queryGrpc)} (Jaeger api_v2 and api_v3)`,
    `  metrics    ${collector.urls.query!}/metrics`,
    `  data       ${settings.data}, retention ${settings.retentionMicros === undefined ? 'none' : `${settings.retentionMicros / 3.6e9}h`}`,
    `  token      ${describeToken(settings)}`,
    'Ctrl-C stops it.',
  ];
  return `${lines.join('\n')}\n`;
}
