/**
 * Starts a collector for a test: a real server on free 127.0.0.1 ports over
 * an in-memory store (or the one given), silent unless logs are collected.
 */
import { createMemoryStore } from '@pathprof/store';
import type { SpanStore } from '@pathprof/store';
import { startCollector } from '../src/index.js';
import type {
  CollectorLogRecord,
  CollectorOptions,
  RunningCollector,
} from '../src/index.js';

export interface TestCollector extends RunningCollector {
  readonly store: SpanStore;
  readonly logs: CollectorLogRecord[];
}

export async function startTestCollector(
  options: Partial<CollectorOptions> = {},
): Promise<TestCollector> {
  const store = options.store ?? createMemoryStore();
  const logs: CollectorLogRecord[] = [];
  const collector = await startCollector({
    otlpPort: 0,
    zipkinPort: 0,
    queryPort: 0,
    log: (r) => logs.push(r),
    ...options,
    store,
  });
  return Object.assign(Object.create(collector) as RunningCollector, {
    store,
    logs,
  }) as TestCollector;
}
