/**
 * Opens the store and starts the collector on it, turning the failures a
 * user can fix (busy port, locked or unreadable data directory) into
 * ServeErrors with a message that says what to do.
 */
import { splitMemoryLimit, startCollector } from '@pathprof/collector';
import type { CollectorLogRecord, RunningCollector } from '@pathprof/collector';
import { isStoreError, openSpanStore } from '@pathprof/store';
import type { SpanStore } from '@pathprof/store';
import type { CollectorSettings } from './collector-flags.js';
import { COLLECTOR_MESSAGES, describeBusyPort } from './collector-flags.js';
import { createServeError } from '../shared/cli-error.js';

export interface StartOnStoreOptions {
  readonly log: ((record: CollectorLogRecord) => void) | null;
  /** The flag that sets the query port, for the busy-port message. */
  readonly queryFlag?: string;
}

export interface CollectorOnStore {
  readonly collector: RunningCollector;
  /** The collector's store, for reads; `collector.close()` closes it. */
  readonly store: SpanStore;
}

export async function startCollectorOnStore(
  settings: CollectorSettings,
  options: StartOnStoreOptions,
): Promise<CollectorOnStore> {
  const memory = splitMemoryLimit(settings.memoryLimitBytes);
  let store: SpanStore;
  try {
    store = await openSpanStore(
      settings.store.kind === 'clickhouse'
        ? {
            kind: 'clickhouse',
            url: settings.store.url,
            ...(settings.store.database === undefined
              ? {}
              : { database: settings.store.database }),
            ...(settings.store.cluster === undefined
              ? {}
              : { cluster: settings.store.cluster }),
            ...(settings.store.shardUrls === undefined
              ? {}
              : { shardUrls: settings.store.shardUrls }),
            ...(settings.store.shardInserts ? { shardInserts: true } : {}),
          }
        : {
            path: settings.data,
            memoryLimitBytes: memory.storeBytes,
            maxBacklogBytes: memory.backlogBytes,
          },
    );
  } catch (err) {
    if (isStoreError(err)) {
      throw createServeError(
        settings.store.kind === 'clickhouse'
          ? '--store clickhouse'
          : `--data ${settings.data}`,
        err.message,
      );
    }
    throw err;
  }
  try {
    const collector = await startCollector({
      store,
      host: settings.host,
      otlpPort: settings.otlpPort,
      zipkinPort: settings.zipkinPort,
      queryPort: settings.queryPort,
      otlpGrpcPort: settings.otlpGrpcPort,
      jaegerThriftHttpPort: settings.jaegerThriftHttpPort,
      jaegerThriftCompactPort: settings.jaegerThriftCompactPort,
      jaegerThriftBinaryPort: settings.jaegerThriftBinaryPort,
      jaegerGrpcPort: settings.jaegerGrpcPort,
      queryGrpcPort: settings.queryGrpcPort,
      basePath: settings.basePath,
      corsOrigins: settings.corsOrigins,
      memoryLimitBytes: settings.memoryLimitBytes,
      ...(settings.decodeWorkers === undefined
        ? {}
        : { decodeWorkers: settings.decodeWorkers }),
      allowedHosts: settings.allowedHosts,
      log: options.log,
      ...(settings.token === undefined ? {} : { token: settings.token }),
      ...(settings.retentionMicros === undefined
        ? {}
        : { retentionMicros: settings.retentionMicros }),
      pathIndex: {
        enabled: settings.pathIndex,
        ...(settings.pathIndexDelayMicros === undefined
          ? {}
          : { delayMicros: settings.pathIndexDelayMicros }),
      },
    });
    return { collector, store };
  } catch (err) {
    await store.close().catch(() => undefined);
    const busy = describeBusyPort(err, settings, options.queryFlag);
    if (busy !== undefined) {
      throw createServeError(
        undefined,
        COLLECTOR_MESSAGES.portInUse(
          busy.role,
          busy.flag,
          settings.host,
          busy.port,
        ),
      );
    }
    if (
      err instanceof Error &&
      ['EADDRNOTAVAIL', 'EACCES', 'ENOTFOUND'].includes(
        (err as NodeJS.ErrnoException).code ?? '',
      )
    ) {
      throw createServeError(`--host ${settings.host}`, err.message);
    }
    throw err;
  }
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** One JSON line per log record at or above `minLevel`, with the time first. */
export function createJsonLineLog(
  write: (line: string) => void,
  minLevel: CollectorLogRecord['level'] = 'info',
): (record: CollectorLogRecord) => void {
  const min = LEVELS.indexOf(minLevel);
  return (record) => {
    if (LEVELS.indexOf(record.level) >= min) {
      write(
        `${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`,
      );
    }
  };
}
