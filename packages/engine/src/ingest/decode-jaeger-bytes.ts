/**
 * Jaeger query-API JSON trace → spans, straight from the UTF-8 bytes: the
 * same spans `decodeJaegerTrace(JSON.parse(text))` gives, cut to a
 * `SpanProjection`, without building the trace object, the tags the
 * projection drops, or their strings. Keys may come in any order and any
 * number of times (the last wins, as in JSON.parse); processes may follow
 * the spans. Anything this decoder does not take — invalid JSON, a field of
 * an unexpected type where the plain decoder's handling is not mirrored here
 * — returns `null`, and the caller decodes the text the plain way (which
 * also reports JSON errors with their position).
 */
import { parseLenientSpanId, parseLenientTraceId } from '@pathprof/model';
import type {
  AttributeValue,
  Attributes,
  Span,
  SpanEvent,
  SpanId,
  SpanRef,
  TraceId,
  TraceWarning,
} from '@pathprof/model';
import { ByteStrings } from '../internal/byte-strings.js';
import { decodeUtf8 } from '../internal/utf8.js';
import {
  asciiBytes,
  JsonBytes,
  NOT_DECODABLE,
  fail,
} from '../internal/json-bytes.js';
import type { DecodedSpans } from './decode-result.js';
import {
  JAEGER_STATUS_KEYS,
  jaegerTagValue,
  kindFromTags,
  statusFromTags,
  toNumber,
} from './jaeger-span-fields.js';
import type { SpanProjection } from './span-projection.js';
import { keepsAttribute } from './span-projection.js';

const K_TRACE_ID = asciiBytes('traceID');
const K_SPANS = asciiBytes('spans');
const K_PROCESSES = asciiBytes('processes');
const K_SPAN_ID = asciiBytes('spanID');
const K_PARENT_SPAN_ID = asciiBytes('parentSpanID');
const K_OPERATION = asciiBytes('operationName');
const K_REFERENCES = asciiBytes('references');
const K_START = asciiBytes('startTime');
const K_DURATION = asciiBytes('duration');
const K_TAGS = asciiBytes('tags');
const K_LOGS = asciiBytes('logs');
const K_PROCESS_ID = asciiBytes('processID');
const K_PROCESS = asciiBytes('process');
const K_SERVICE = asciiBytes('serviceName');
const K_REF_TYPE = asciiBytes('refType');
const K_KEY = asciiBytes('key');
const K_TYPE = asciiBytes('type');
const K_VALUE = asciiBytes('value');
const K_TIMESTAMP = asciiBytes('timestamp');
const K_FIELDS = asciiBytes('fields');

const QUOTE = 0x22;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** A process as written: its service name when a string, its tags. */
interface RawProcess {
  readonly service: string;
  readonly resource: Attributes;
}

/** The process a span names: none given, `null`, not an object, or one. */
type EmbeddedProcess = undefined | null | 'not-an-object' | RawProcess;

/** What the plain decoder makes of a process that is missing or not an object. */
function unknownProcess(): RawProcess {
  return { service: 'unknown', resource: {} };
}

interface RawSpan {
  traceId: TraceId | null;
  spanId: SpanId | null;
  parentSpanId: SpanId | undefined;
  operation: string;
  processId: string;
  process: EmbeddedProcess;
  references: SpanRef[];
  startMicros: number;
  durationMicros: number;
  attributes: Attributes;
  events: SpanEvent[];
}

export interface JaegerBytesDecoder {
  /**
   * Decodes the trace whose JSON text is `bytes[start, end)` (surrounding
   * whitespace allowed); `null` when it must be decoded the plain way. With
   * `onlyTraces`, also `null` for an object that is not plainly a trace (a
   * string `traceID` and a `spans` array), e.g. a Zipkin span or an OTLP
   * request in an array of values of unknown kind.
   */
  decode(
    bytes: Uint8Array,
    start: number,
    end: number,
    onlyTraces?: boolean,
  ): DecodedSpans | null;
}

/** A decoder keeping what `projection` asks for; it caches strings across traces, so reuse it. */
export function createJaegerBytesDecoder(
  projection: SpanProjection,
): JaegerBytesDecoder {
  const reader = new TraceReader(projection);
  return {
    decode(bytes, start, end, onlyTraces = false) {
      // one array class through the hot loops (a Buffer is a subclass)
      const view =
        bytes.constructor === Uint8Array
          ? bytes
          : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      try {
        return reader.readTrace(view, start, end, onlyTraces);
      } catch (err) {
        if (err === NOT_DECODABLE || err instanceof RangeError) {
          return null;
        }
        throw err;
      }
    },
  };
}

class TraceReader {
  private readonly r = new JsonBytes();
  private readonly strings = new ByteStrings();
  private readonly keepAllAttributes: boolean;
  private readonly keepAllResource: boolean;
  private readonly keepResource: ReadonlySet<string>;
  private readonly keepEvents: boolean;
  private readonly attributeKeys: KeyMatcher;
  /** Last raw trace id and its parse (every span of a trace repeats it). */
  private rawTraceId = '';
  private parsedTraceId: TraceId | null = null;

  constructor(private readonly projection: SpanProjection) {
    this.keepAllAttributes = projection.attributes === undefined;
    this.keepAllResource = projection.resource === undefined;
    this.keepResource = projection.resource ?? new Set();
    this.keepEvents = projection.events !== false;
    this.attributeKeys = new KeyMatcher(
      [...(projection.attributes ?? [])]
        .filter((k) => keepsAttribute(projection, k))
        .concat(JAEGER_STATUS_KEYS),
    );
  }

  readTrace(
    bytes: Uint8Array,
    start: number,
    end: number,
    onlyTraces: boolean,
  ): DecodedSpans | null {
    const r = this.r;
    r.reset(bytes, start, end);
    if (r.peek() !== OPEN_OBJECT) {
      return fail();
    }
    let traceIdText = '';
    let traceIdIsString = false;
    let spans: (RawSpan | null)[] | undefined;
    let processes: Map<string, RawProcess> | null = new Map();
    /** The last `traceID`, `spans` or `processes` (the one that counts) has a type left to the plain decoder. */
    let odd = { traceId: false, spans: false };
    if (r.open(CLOSE_OBJECT)) {
      do {
        r.readKey();
        const c = r.peek();
        if (r.stringIs(K_TRACE_ID)) {
          traceIdIsString = c === QUOTE;
          traceIdText = traceIdIsString ? this.readString() : '';
          // null reads as '' in warnings; other types go through String()
          odd = { ...odd, traceId: !traceIdIsString && !this.skipIsNull() };
        } else if (r.stringIs(K_SPANS)) {
          const isArray = c === OPEN_ARRAY;
          spans = isArray ? this.readSpans() : (r.skipValue(), undefined);
          odd = { ...odd, spans: !isArray };
        } else if (r.stringIs(K_PROCESSES)) {
          processes = this.readProcesses(c);
        } else {
          r.skipValue();
        }
      } while (r.next(CLOSE_OBJECT));
    }
    r.finish();
    if (odd.traceId || odd.spans || processes === null) {
      return fail();
    }
    if (onlyTraces && (spans === undefined || !traceIdIsString)) {
      return null;
    }
    return this.assemble(traceIdText, spans ?? [], processes);
  }

  /** Skips a value; true when it was `null`. */
  private skipIsNull(): boolean {
    const r = this.r;
    if (r.peek() === 0x6e) {
      return r.readLiteral() === -1;
    }
    r.skipValue();
    return false;
  }

  private assemble(
    traceIdText: string,
    raws: readonly (RawSpan | null)[],
    processes: ReadonlyMap<string, RawProcess>,
  ): DecodedSpans {
    const spans: Span[] = [];
    const warnings: TraceWarning[] = [];
    let rejected = 0;
    const resolved = new Map<string, RawProcess>();
    for (const raw of raws) {
      if (raw === null || raw.traceId === null || raw.spanId === null) {
        rejected++;
        warnings.push({
          code: 'invalid-span',
          traceId: traceIdText,
          message: 'a span without a valid traceID/spanID was skipped',
        });
        continue;
      }
      // as decodeJaegerTrace: an embedded process wins and is not cached
      let proc = resolved.get(raw.processId);
      if (proc === undefined || raw.process !== undefined) {
        const embedded = raw.process;
        proc =
          embedded === undefined || embedded === null
            ? (processes.get(raw.processId) ?? unknownProcess())
            : embedded === 'not-an-object'
              ? unknownProcess()
              : embedded;
        if (embedded === undefined) {
          resolved.set(raw.processId, proc);
        }
      }
      const { traceId, spanId, parentSpanId, references } = raw;
      if (
        parentSpanId !== undefined &&
        !references.some((ref) => ref.spanId === parentSpanId)
      ) {
        references.unshift({ type: 'child_of', traceId, spanId: parentSpanId });
      }
      spans.push({
        traceId,
        spanId,
        ...(parentSpanId === undefined ? {} : { parentSpanId }),
        references,
        service: proc.service,
        operation: raw.operation,
        kind: kindFromTags(raw.attributes),
        startMicros: raw.startMicros,
        durationMicros: raw.durationMicros,
        status: statusFromTags(raw.attributes),
        attributes: raw.attributes,
        resource: proc.resource,
        events: raw.events,
      });
    }
    return { spans, rejected, warnings };
  }

  private readSpans(): (RawSpan | null)[] {
    const r = this.r;
    const out: (RawSpan | null)[] = [];
    if (r.open(CLOSE_ARRAY)) {
      do {
        if (r.peek() === OPEN_OBJECT) {
          out.push(this.readSpan());
        } else {
          r.skipValue();
          out.push(null);
        }
      } while (r.next(CLOSE_ARRAY));
    }
    return out;
  }

  private readSpan(): RawSpan {
    const r = this.r;
    const span: RawSpan = {
      traceId: null,
      spanId: null,
      parentSpanId: undefined,
      operation: '',
      processId: '',
      process: undefined,
      references: [],
      startMicros: 0,
      durationMicros: 0,
      attributes: {},
      events: [],
    };
    if (!r.open(CLOSE_OBJECT)) {
      return span;
    }
    do {
      r.readKey();
      const c = r.peek();
      switch (spanMember(r)) {
        case M_TRACE_ID:
          span.traceId = c === QUOTE ? this.readTraceId() : this.skipNull();
          break;
        case M_SPAN_ID:
          span.spanId = c === QUOTE ? this.readSpanId() : this.skipNull();
          break;
        case M_PARENT_SPAN_ID:
          span.parentSpanId =
            c === QUOTE
              ? (this.readSpanId() ?? undefined)
              : this.skipUndefined();
          break;
        case M_OPERATION:
          span.operation = c === QUOTE ? this.readString() : this.skipEmpty();
          break;
        case M_PROCESS_ID:
          span.processId = c === QUOTE ? this.readString() : this.skipEmpty();
          break;
        case M_START:
          span.startMicros = this.readTime(c);
          break;
        case M_DURATION:
          span.durationMicros = this.readTime(c);
          break;
        case M_TAGS:
          span.attributes = this.readTags(this.keepAllAttributes ? null : this);
          break;
        case M_REFERENCES:
          span.references = this.readReferences();
          break;
        case M_PROCESS:
          span.process = this.readEmbeddedProcess(c);
          break;
        case M_LOGS:
          if (this.keepEvents) {
            span.events = this.readLogs();
          } else {
            r.skipValue();
          }
          break;
        default:
          r.skipValue();
      }
    } while (r.next(CLOSE_OBJECT));
    return span;
  }

  /** A time: a number (JSON.parse's double, 0 unless finite) or a numeric string. */
  private readTime(c: number): number {
    const r = this.r;
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      return toNumber(r.readNumber());
    }
    if (c === QUOTE) {
      return toNumber(this.readString());
    }
    r.skipValue();
    return 0;
  }

  private readReferences(): SpanRef[] {
    const r = this.r;
    const refs: SpanRef[] = [];
    if (r.peek() !== OPEN_ARRAY) {
      r.skipValue();
      return refs;
    }
    if (!r.open(CLOSE_ARRAY)) {
      return refs;
    }
    do {
      if (r.peek() !== OPEN_OBJECT) {
        r.skipValue();
        continue;
      }
      let followsFrom = false;
      let traceId: TraceId | null = null;
      let spanId: SpanId | null = null;
      if (r.open(CLOSE_OBJECT)) {
        do {
          r.readKey();
          const c = r.peek();
          if (r.stringIs(K_REF_TYPE)) {
            if (c === QUOTE) {
              followsFrom = this.readString() === 'FOLLOWS_FROM';
            } else {
              r.skipValue();
              followsFrom = false;
            }
          } else if (r.stringIs(K_TRACE_ID)) {
            traceId = c === QUOTE ? this.readTraceId() : this.skipNull();
          } else if (r.stringIs(K_SPAN_ID)) {
            spanId = c === QUOTE ? this.readSpanId() : this.skipNull();
          } else {
            r.skipValue();
          }
        } while (r.next(CLOSE_OBJECT));
      }
      if (traceId !== null && spanId !== null) {
        refs.push({
          type: followsFrom ? 'follows_from' : 'child_of',
          traceId,
          spanId,
        });
      }
    } while (r.next(CLOSE_ARRAY));
    return refs;
  }

  /**
   * Tags as `tagsToAttributes` builds them, keeping the keys `filter` keeps
   * (every key when `filter` is null). Within a tag object `key`, `type` and
   * `value` may come in any order.
   */
  private readTags(
    filter: { keeps(key: string): boolean } | null,
  ): Record<string, AttributeValue> {
    const r = this.r;
    const out: Record<string, AttributeValue> = {};
    if (r.peek() !== OPEN_ARRAY) {
      r.skipValue();
      return out;
    }
    if (!r.open(CLOSE_ARRAY)) {
      return out;
    }
    do {
      if (r.peek() !== OPEN_OBJECT) {
        r.skipValue();
        continue;
      }
      if (this.readCanonicalTag(out, filter)) {
        continue;
      }
      let key: string | undefined;
      let type: unknown;
      let value: string | number | boolean | undefined;
      if (r.open(CLOSE_OBJECT)) {
        do {
          r.readKey();
          const c = r.peek();
          if (r.stringIs(K_KEY)) {
            key = c === QUOTE ? this.readString() : this.skipUndefined();
          } else if (r.stringIs(K_VALUE)) {
            value = this.readTagValue(c);
          } else if (r.stringIs(K_TYPE)) {
            type = c === QUOTE ? this.readString() : this.skipUndefined();
          } else {
            r.skipValue();
          }
        } while (r.next(CLOSE_OBJECT));
      }
      if (
        key !== undefined &&
        value !== undefined &&
        (filter === null || filter.keeps(key))
      ) {
        out[key] = jaegerTagValue(type, value);
      }
    } while (r.next(CLOSE_ARRAY));
    return out;
  }

  /**
   * The common layout, `{"key":"…","type":"…","value":…}` without
   * whitespace, escapes or non-ASCII bytes, read by comparing bytes: a
   * dropped tag costs one pass over its bytes and no string. Returns false,
   * with nothing consumed, for any other layout (the generic loop reads it).
   */
  private readCanonicalTag(
    out: Record<string, AttributeValue>,
    filter: { keeps(key: string): boolean } | null,
  ): boolean {
    const r = this.r;
    const b = r.bytes;
    const end = r.end;
    const open = r.pos;
    if (!matchesAt(b, open + 1, end, P_KEY)) {
      return false;
    }
    const keyStart = open + 1 + P_KEY.length;
    const keyEnd = scanPlainString(b, keyStart, end);
    if (keyEnd < 0 || !matchesAt(b, keyEnd, end, P_TYPE)) {
      return false;
    }
    const typeStart = keyEnd + P_TYPE.length;
    const typeEnd = scanPlainString(b, typeStart, end);
    if (typeEnd < 0 || !matchesAt(b, typeEnd, end, P_VALUE)) {
      return false;
    }
    const valueStart = typeEnd + P_VALUE.length;
    const c = valueStart < end ? b[valueStart]! : -1;
    let valueEnd: number;
    if (c === QUOTE) {
      valueEnd = scanPlainString(b, valueStart + 1, end);
      if (valueEnd < 0) {
        return false;
      }
      valueEnd++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      r.pos = valueStart;
      valueEnd = r.scanNumber();
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      r.pos = valueStart;
      r.readLiteral();
      valueEnd = r.pos;
    } else {
      r.pos = open;
      return false;
    }
    if (valueEnd >= end || b[valueEnd] !== CLOSE_OBJECT) {
      r.pos = open;
      return false;
    }
    r.pos = valueEnd + 1;
    const key = this.keyOf(b, keyStart, keyEnd, filter);
    if (key === undefined || c === 0x6e) {
      return true;
    }
    let value: string | number | boolean;
    if (c === QUOTE) {
      r.stringStart = valueStart + 1;
      r.stringEnd = valueEnd - 1;
      r.stringPlain = true;
      value = this.strings.read(r);
    } else if (c === 0x74 || c === 0x66) {
      value = c === 0x74;
    } else {
      r.pos = valueStart;
      value = r.readNumber();
      r.pos = valueEnd + 1;
    }
    out[key] = jaegerTagValue(typeOf(b, typeStart, typeEnd), value);
    return true;
  }

  /** The key of a plain string range when `filter` keeps it, else undefined. */
  private keyOf(
    b: Uint8Array,
    start: number,
    end: number,
    filter: { keeps(key: string): boolean } | null,
  ): string | undefined {
    if (filter === this) {
      return this.attributeKeys.match(b, start, end);
    }
    const r = this.r;
    r.stringStart = start;
    r.stringEnd = end;
    r.stringPlain = true;
    const key = this.strings.read(r);
    return filter === null || filter.keeps(key) ? key : undefined;
  }

  keeps(key: string): boolean {
    return keepsAttribute(this.projection, key);
  }

  private readTagValue(c: number): string | number | boolean | undefined {
    const r = this.r;
    if (c === QUOTE) {
      return this.readString();
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      return r.readNumber();
    }
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      const v = r.readLiteral();
      return v === 1 ? true : v === 0 ? false : undefined;
    }
    r.skipValue();
    return undefined;
  }

  private readLogs(): SpanEvent[] {
    const r = this.r;
    const events: SpanEvent[] = [];
    if (r.peek() !== OPEN_ARRAY) {
      r.skipValue();
      return events;
    }
    if (!r.open(CLOSE_ARRAY)) {
      return events;
    }
    do {
      const c = r.peek();
      if (c !== OPEN_OBJECT) {
        r.skipValue();
        if (c === OPEN_ARRAY) {
          // an array is an object to the plain decoder: a log without fields
          events.push({ timeMicros: 0, name: 'log', attributes: {} });
        }
        continue;
      }
      let timeMicros = 0;
      let fields: Record<string, AttributeValue> = {};
      if (r.open(CLOSE_OBJECT)) {
        do {
          r.readKey();
          const c = r.peek();
          if (r.stringIs(K_TIMESTAMP)) {
            timeMicros = this.readTime(c);
          } else if (r.stringIs(K_FIELDS)) {
            fields = this.readTags(null);
          } else {
            r.skipValue();
          }
        } while (r.next(CLOSE_OBJECT));
      }
      const name = fields['event'];
      events.push({
        timeMicros,
        name: typeof name === 'string' ? name : 'log',
        attributes: fields,
      });
    } while (r.next(CLOSE_ARRAY));
    return events;
  }

  /** The processes map; null for a value of another type (left to the plain decoder), empty for null. */
  private readProcesses(c: number): Map<string, RawProcess> | null {
    const r = this.r;
    const out = new Map<string, RawProcess>();
    if (c !== OPEN_OBJECT) {
      return this.skipIsNull() ? out : null;
    }
    if (r.open(CLOSE_OBJECT)) {
      do {
        r.readKey();
        const id = this.strings.read(r);
        const v = r.peek();
        out.set(
          id,
          v === OPEN_OBJECT ? this.readProcess() : this.skipNotAnObject(),
        );
      } while (r.next(CLOSE_OBJECT));
    }
    return out;
  }

  private readEmbeddedProcess(c: number): EmbeddedProcess {
    if (c === OPEN_OBJECT) {
      return this.readProcess();
    }
    const r = this.r;
    if (c === 0x6e && r.readLiteral() === -1) {
      return null;
    }
    r.skipValue();
    return 'not-an-object';
  }

  /** A process object (arrays count as processes without a service, as in the plain decoder). */
  private readProcess(): RawProcess {
    const r = this.r;
    let service: string | undefined;
    let resource: Attributes = {};
    if (r.open(CLOSE_OBJECT)) {
      do {
        r.readKey();
        const c = r.peek();
        if (r.stringIs(K_SERVICE)) {
          service = c === QUOTE ? this.readString() : this.skipUndefined();
        } else if (r.stringIs(K_TAGS)) {
          resource = this.readTags(
            this.keepAllResource ? null : this.resourceFilter,
          );
        } else {
          r.skipValue();
        }
      } while (r.next(CLOSE_OBJECT));
    }
    return { service: service ?? 'unknown', resource };
  }

  private readonly resourceFilter = {
    keeps: (key: string): boolean => this.keepResource.has(key),
  };

  private readString(): string {
    this.r.readString();
    return this.strings.read(this.r);
  }

  /** A trace id string: parsed once per distinct text. */
  private readTraceId(): TraceId | null {
    const text = this.readString();
    if (text !== this.rawTraceId) {
      this.rawTraceId = text;
      this.parsedTraceId = parseLenientTraceId(text);
    }
    return this.parsedTraceId;
  }

  /** A span id string: a canonical id (16 lowercase hex digits, not all zero) is its own parse. */
  private readSpanId(): SpanId | null {
    const r = this.r;
    r.readString();
    if (isCanonicalSpanId(r.bytes, r.stringStart, r.stringEnd)) {
      // unique per span: not worth interning
      return decodeUtf8(r.bytes, r.stringStart, r.stringEnd) as SpanId;
    }
    return parseLenientSpanId(this.strings.read(r));
  }

  private skipNull(): null {
    this.r.skipValue();
    return null;
  }

  private skipUndefined(): undefined {
    this.r.skipValue();
    return undefined;
  }

  private skipEmpty(): string {
    this.r.skipValue();
    return '';
  }

  private skipNotAnObject(): RawProcess {
    this.r.skipValue();
    return unknownProcess();
  }
}

function isCanonicalSpanId(b: Uint8Array, start: number, end: number): boolean {
  if (end - start !== 16) {
    return false;
  }
  let nonZero = false;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) {
      return false;
    }
    nonZero ||= c !== 0x30;
  }
  return nonZero;
}

const M_OTHER = 0;
const M_TRACE_ID = 1;
const M_SPAN_ID = 2;
const M_PARENT_SPAN_ID = 3;
const M_OPERATION = 4;
const M_PROCESS_ID = 5;
const M_START = 6;
const M_DURATION = 7;
const M_TAGS = 8;
const M_REFERENCES = 9;
const M_PROCESS = 10;
const M_LOGS = 11;

const SPAN_MEMBERS: readonly (readonly [number, Uint8Array])[] = [
  [M_TRACE_ID, K_TRACE_ID],
  [M_SPAN_ID, K_SPAN_ID],
  [M_PARENT_SPAN_ID, K_PARENT_SPAN_ID],
  [M_OPERATION, K_OPERATION],
  [M_PROCESS_ID, K_PROCESS_ID],
  [M_START, K_START],
  [M_DURATION, K_DURATION],
  [M_TAGS, K_TAGS],
  [M_REFERENCES, K_REFERENCES],
  [M_PROCESS, K_PROCESS],
  [M_LOGS, K_LOGS],
];

/** Which span member the last name read is, by its length first. */
function spanMember(r: JsonBytes): number {
  if (!r.stringPlain) {
    // a name written with escapes: compare it decoded, member by member
    for (const [id, name] of SPAN_MEMBERS) {
      if (r.stringIs(name)) {
        return id;
      }
    }
    return M_OTHER;
  }
  switch (r.stringEnd - r.stringStart) {
    case 4:
      return r.stringIs(K_TAGS)
        ? M_TAGS
        : r.stringIs(K_LOGS)
          ? M_LOGS
          : M_OTHER;
    case 6:
      return r.stringIs(K_SPAN_ID) ? M_SPAN_ID : M_OTHER;
    case 7:
      return r.stringIs(K_TRACE_ID)
        ? M_TRACE_ID
        : r.stringIs(K_PROCESS)
          ? M_PROCESS
          : M_OTHER;
    case 8:
      return r.stringIs(K_DURATION) ? M_DURATION : M_OTHER;
    case 9:
      return r.stringIs(K_START)
        ? M_START
        : r.stringIs(K_PROCESS_ID)
          ? M_PROCESS_ID
          : M_OTHER;
    case 10:
      return r.stringIs(K_REFERENCES) ? M_REFERENCES : M_OTHER;
    case 12:
      return r.stringIs(K_PARENT_SPAN_ID) ? M_PARENT_SPAN_ID : M_OTHER;
    case 13:
      return r.stringIs(K_OPERATION) ? M_OPERATION : M_OTHER;
    default:
      return M_OTHER;
  }
}

const P_KEY = asciiBytes('"key":"');
const P_TYPE = asciiBytes('","type":"');
const P_VALUE = asciiBytes('","value":');
const T_BOOL = asciiBytes('bool');
const T_INT64 = asciiBytes('int64');
const T_FLOAT64 = asciiBytes('float64');

function matchesAt(
  b: Uint8Array,
  at: number,
  end: number,
  pattern: Uint8Array,
): boolean {
  const n = pattern.length;
  if (at + n > end) {
    return false;
  }
  for (let k = 0; k < n; k++) {
    if (b[at + k] !== pattern[k]) {
      return false;
    }
  }
  return true;
}

/** Index of the quote closing a string body of plain ASCII from `from`, or -1 (escape, non-ASCII, control, end). */
function scanPlainString(b: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = b[i]!;
    if (c === QUOTE) {
      return i;
    }
    if (c === 0x5c || c < 0x20 || c >= 0x80) {
      return -1;
    }
  }
  return -1;
}

/** A tag's declared type, as far as its value's meaning depends on it. */
function typeOf(b: Uint8Array, start: number, end: number): string | undefined {
  if (rangeIs(b, start, end, T_BOOL)) {
    return 'bool';
  }
  if (rangeIs(b, start, end, T_INT64)) {
    return 'int64';
  }
  return rangeIs(b, start, end, T_FLOAT64) ? 'float64' : undefined;
}

function rangeIs(
  b: Uint8Array,
  start: number,
  end: number,
  ascii: Uint8Array,
): boolean {
  return end - start === ascii.length && matchesAt(b, start, end, ascii);
}

/** Finds which of a few printable-ASCII keys a byte range spells, without making a string. */
class KeyMatcher {
  private readonly byLength = new Map<
    number,
    { readonly bytes: Uint8Array; readonly key: string }[]
  >();

  constructor(keys: readonly string[]) {
    for (const key of new Set(keys)) {
      if (!/^[\x20-\x7e]*$/.test(key)) {
        continue; // the byte comparison sees plain ASCII keys only; others go the generic way
      }
      const bytes = asciiBytes(key);
      const list = this.byLength.get(bytes.length) ?? [];
      list.push({ bytes, key });
      this.byLength.set(bytes.length, list);
    }
  }

  match(b: Uint8Array, start: number, end: number): string | undefined {
    const list = this.byLength.get(end - start);
    if (list === undefined) {
      return undefined;
    }
    for (const { bytes, key } of list) {
      if (matchesAt(b, start, end, bytes)) {
        return key;
      }
    }
    return undefined;
  }
}
