/**
 * The real third-party trace files in fixtures/traces (see its README),
 * and an independent reading of their raw JSON for golden checks: what a
 * decoder must find, counted without the engine's code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildTraceTree } from '@pathprof/engine';
import type { Span, TraceId, TraceWarningCode } from '@pathprof/model';

/** The repository root (packages/engine/test/ingest is four levels below). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
export const TRACES_DIR = path.resolve(REPO_ROOT, 'fixtures/traces');

/** Every .json file under TRACES_DIR, relative, sorted. */
export function listTraceFiles(): string[] {
  return readdirSync(TRACES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

export function readTraceJson(file: string): unknown {
  return JSON.parse(readFileSync(path.join(TRACES_DIR, file), 'utf8'));
}

/** One span as counted from the raw JSON: ids normalised (lowercase, padded). */
export interface RawSpanFacts {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string | null;
  readonly service: string;
}

export function normaliseId(id: string, digits: 16 | 32): string {
  return id.toLowerCase().padStart(digits, '0');
}

export function factsOfDecoded(spans: readonly Span[]): RawSpanFacts[] {
  return spans.map((s) => ({
    traceId: s.traceId,
    spanId: s.spanId,
    parentId: s.parentSpanId ?? firstReference(s) ?? null,
    service: s.service,
  }));
}

function firstReference(s: Span): string | undefined {
  return (s.references.find((r) => r.type === 'child_of') ?? s.references[0])
    ?.spanId;
}

export function summarise(facts: readonly RawSpanFacts[]): {
  spans: number;
  traceIds: string[];
  services: string[];
} {
  return {
    spans: facts.length,
    traceIds: [...new Set(facts.map((f) => f.traceId))].sort(),
    services: [...new Set(facts.map((f) => f.service))].sort(),
  };
}

/** Groups spans by trace id, in first-appearance order. */
export function groupByTrace(spans: readonly Span[]): Map<TraceId, Span[]> {
  const out = new Map<TraceId, Span[]>();
  for (const s of spans) {
    let list = out.get(s.traceId);
    if (list === undefined) {
      list = [];
      out.set(s.traceId, list);
    }
    list.push(s);
  }
  return out;
}

/** Per trace: its number of roots and warnings counted by code. */
export function assemblySummary(
  spans: readonly Span[],
): { roots: number; warnings: Partial<Record<TraceWarningCode, number>> }[] {
  return [...groupByTrace(spans)].map(([traceId, list]) => {
    const { tree, warnings } = buildTraceTree(traceId, list);
    const counts: Partial<Record<TraceWarningCode, number>> = {};
    for (const w of warnings) {
      counts[w.code] = (counts[w.code] ?? 0) + 1;
    }
    return { roots: tree.roots.length, warnings: counts };
  });
}
