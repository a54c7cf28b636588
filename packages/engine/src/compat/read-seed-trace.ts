/**
 * Reads the fields of one Jaeger query-API trace that the seed aggregator uses,
 * from a Python-typed JSON value. Only what a span needs for its role is
 * required: every span needs `spanID` and `operationName`; a `_summary` span
 * also needs `duration` and `processes[processID].serviceName`; its metrics
 * child may lack tags (they count as int 0).
 */
import {
  SEED_CPU_MS_ATTR,
  SEED_FUNCTION_NAME_ATTR,
  SEED_PEAK_MEM_KB_ATTR,
  SEED_SUMMARY_SUFFIX,
} from '@pathprof/model';
import {
  isPyJsonObject,
  isPyNumber,
  type PyJsonObject,
  type PyJsonValue,
} from './parse-python-json.js';
import { createPyInt, formatPyNumber, type PyNumber } from './python-number.js';
import { EngineError } from '../engine-error.js';

export interface SeedSpan {
  readonly spanId: string;
  readonly operationName: string;
  /** The span ID of its first `CHILD_OF` reference, if any. */
  readonly parentId: string | null;
  readonly fields: PyJsonObject;
}

export interface SeedTrace {
  readonly traceId: string;
  readonly spans: readonly SeedSpan[];
  readonly processes: PyJsonValue | undefined;
}

/** One profiled handler, or several merged: `service:function` names and summed metrics. */
export interface SeedHop {
  readonly name: string;
  readonly durationMicros: PyNumber;
  readonly cpuMillis: PyNumber;
  readonly peakMemKib: PyNumber;
}

export function readSeedTrace(value: PyJsonValue): SeedTrace {
  if (!isPyJsonObject(value)) {
    throw new EngineError(
      'PATHPROF_ERR_SEED_INPUT',
      'a trace must be a JSON object',
    );
  }
  const traceId = formatPyStr(value.get('traceID'), 'traceID');
  const spans = value.get('spans');
  if (!Array.isArray(spans)) {
    throw new EngineError(
      'PATHPROF_ERR_SEED_INPUT',
      `trace ${traceId}: "spans" must be an array`,
    );
  }
  return {
    traceId,
    spans: spans.map((span, index) =>
      readSpan(span, `trace ${traceId}, span #${index}`),
    ),
    processes: value.get('processes'),
  };
}

function readSpan(value: PyJsonValue, where: string): SeedSpan {
  if (!isPyJsonObject(value)) {
    throw new EngineError(
      'PATHPROF_ERR_SEED_INPUT',
      `${where}: a span must be a JSON object`,
    );
  }
  const spanId = readString(value, 'spanID', where);
  const operationName = readString(value, 'operationName', where);
  const references = value.get('references') ?? [];
  if (!Array.isArray(references)) {
    throw new EngineError(
      'PATHPROF_ERR_SEED_INPUT',
      `${where}: "references" must be an array`,
    );
  }
  const childOf = references.find(
    (ref) => isPyJsonObject(ref) && ref.get('refType') === 'CHILD_OF',
  );
  const parentId = isPyJsonObject(childOf)
    ? readString(childOf, 'spanID', `${where}, CHILD_OF reference`)
    : null;
  return { spanId, operationName, parentId, fields: value };
}

export function readSummaryHop(
  summary: SeedSpan,
  metricsSpan: SeedSpan | undefined,
  trace: SeedTrace,
): SeedHop {
  const where = `trace ${trace.traceId}, span ${summary.spanId}`;
  const tags =
    metricsSpan === undefined
      ? new Map<string, PyJsonValue>()
      : readTags(metricsSpan, where);
  const functionTag = tags.get(SEED_FUNCTION_NAME_ATTR);
  const functionName =
    functionTag === undefined
      ? summary.operationName.slice(0, -SEED_SUMMARY_SUFFIX.length)
      : formatPyStr(functionTag, SEED_FUNCTION_NAME_ATTR);
  return {
    name: `${readServiceName(summary, trace, where)}:${functionName}`,
    durationMicros: readNumber(
      summary.fields.get('duration'),
      `${where}: duration`,
    ),
    cpuMillis: readNumber(
      tags.get(SEED_CPU_MS_ATTR) ?? ZERO,
      `${where}: ${SEED_CPU_MS_ATTR}`,
    ),
    peakMemKib: readNumber(
      tags.get(SEED_PEAK_MEM_KB_ATTR) ?? ZERO,
      `${where}: ${SEED_PEAK_MEM_KB_ATTR}`,
    ),
  };
}

const ZERO = createPyInt(0);

/** Tag values by key; a repeated key keeps its last value, as a dict built from the list. */
function readTags(span: SeedSpan, where: string): Map<string, PyJsonValue> {
  const tags = span.fields.get('tags') ?? [];
  if (!Array.isArray(tags)) {
    throw new EngineError(
      'PATHPROF_ERR_SEED_INPUT',
      `${where}: "tags" of its first child must be an array`,
    );
  }
  const byKey = new Map<string, PyJsonValue>();
  for (const tag of tags) {
    if (!isPyJsonObject(tag)) {
      throw new EngineError(
        'PATHPROF_ERR_SEED_INPUT',
        `${where}: a tag must be a JSON object`,
      );
    }
    byKey.set(
      readString(tag, 'key', `${where}, tag`),
      tag.get('value') ?? null,
    );
  }
  return byKey;
}

function readServiceName(
  summary: SeedSpan,
  trace: SeedTrace,
  where: string,
): string {
  const processId = readString(summary.fields, 'processID', where);
  const process = isPyJsonObject(trace.processes)
    ? trace.processes.get(processId)
    : undefined;
  if (!isPyJsonObject(process)) {
    throw new EngineError(
      'PATHPROF_ERR_SEED_INPUT',
      `${where}: no process "${processId}" in "processes"`,
    );
  }
  return readString(process, 'serviceName', `${where}, process ${processId}`);
}

function readString(object: PyJsonObject, key: string, where: string): string {
  const value = object.get(key);
  if (typeof value !== 'string') {
    throw new EngineError(
      'PATHPROF_ERR_SEED_INPUT',
      `${where}: "${key}" must be a string`,
    );
  }
  return value;
}

function readNumber(value: PyJsonValue | undefined, where: string): PyNumber {
  if (!isPyNumber(value)) {
    throw new EngineError(
      'PATHPROF_ERR_SEED_INPUT',
      `${where} must be a number`,
    );
  }
  return value;
}

/** Python's `str()` of a JSON scalar, as an f-string prints it. */
function formatPyStr(value: PyJsonValue | undefined, field: string): string {
  if (typeof value === 'string') {
    return value;
  }
  if (isPyNumber(value)) {
    return formatPyNumber(value);
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (value === null) {
    return 'None';
  }
  throw new EngineError(
    'PATHPROF_ERR_SEED_INPUT',
    `"${field}" must be a string, number, boolean or null`,
  );
}
