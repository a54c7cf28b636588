/**
 * Splits a stream of JSON text into values small enough to JSON.parse one at a
 * time, without ever holding the whole document: the elements of the arrays
 * that carry traces (`[…]` at the top, `data`, `resourceSpans`,
 * `result.resourceSpans`, `batches`) are handed out as text, one by one. Any
 * other top-level value (a single trace object, one JSON Lines record without
 * such an array) is handed out whole. Several top-level values in a row (JSON
 * Lines, concatenated documents) are fine.
 *
 * The envelope around split arrays is rebuilt with each array cut to one
 * placeholder element and parsed at the end of each top-level value, so a
 * syntax error anywhere is reported with its byte offset.
 *
 * Speed: bytes outside strings are scanned one by one; string bodies are
 * skipped with indexOf, which is what makes this close to JSON.parse speed.
 */

/**
 * One value handed out: an element of a split array, or a whole top-level
 * value. Its bytes may be a view of the chunk just pushed: valid until the
 * next `push`, so a consumer that keeps them copies them.
 */
export class SplitValue {
  private decoded: string | undefined;
  private encoded: Uint8Array | undefined;

  constructor(
    /** Keys from the root to the array holding this element (`[]` for a top-level array); empty for whole values. */
    readonly path: readonly string[],
    /** Byte offset of the value's first byte in the stream. */
    readonly offset: number,
    source: Uint8Array | string,
    /** The parsed value, when the splitter already had to parse it (whole values). */
    readonly parsed?: unknown,
  ) {
    if (typeof source === 'string') {
      this.decoded = source;
    } else {
      this.encoded = source;
    }
  }

  /** The value's JSON text. */
  get text(): string {
    this.decoded ??= textDecoder.decode(this.encoded);
    return this.decoded;
  }

  /** The value's UTF-8 bytes. */
  get bytes(): Uint8Array {
    this.encoded ??= new TextEncoder().encode(this.decoded);
    return this.encoded;
  }
}

const textDecoder = new TextDecoder();

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    /** The JSON is well formed, but a value is not what a trace file holds there. */
    readonly wellFormed = false,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const SPLIT_PATHS = new Set([
  '[]',
  'data',
  'resourceSpans',
  'result/resourceSpans',
  'batches',
]);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

interface Frame {
  readonly isArray: boolean;
  /** Key path (slash-joined) of this container from the root. */
  readonly path: string;
  /** This array's elements are handed out. */
  readonly split: boolean;
  /** Elements already handed out (the envelope keeps a placeholder for the first only). */
  emitted: number;
}

export class JsonSplitter {
  private readonly stack: Frame[] = [];
  /** Position in the stream of the next byte fed. */
  private position = 0;
  private inString = false;
  private escaped = false;
  /** Depth (stack length) at which the element being captured started, or -1. */
  private captureDepth = -1;
  /** Containers open inside the element being captured (its own included). */
  private nesting = 0;
  private captureStart = 0;
  private capturePath: readonly string[] = [];
  private captured: Uint8Array[] = [];
  private captureBytes = 0;
  /** Text of the current top-level value outside captured elements. */
  private envelope = '';
  private envelopeStart = 0;
  private lastKey = '';
  private keyStart = -1;
  private keyParts: Uint8Array[] = [];
  private afterColon = false;
  private readonly decoder = new TextDecoder();
  private readonly envelopeDecoder = new TextDecoder();

  constructor(private readonly maxValueBytes = 1024 * 1024 * 1024) {}

  /** Feeds the next chunk; returns the values completed by it. */
  push(chunk: Uint8Array): SplitValue[] {
    const out: SplitValue[] = [];
    const base = this.position;
    const n = chunk.length;
    let segmentStart = 0; // start in chunk of the bytes not yet copied to a capture/envelope
    let i = 0;
    while (i < n) {
      if (this.captureDepth >= 0) {
        const close = this.scanCaptured(chunk, i);
        if (close < 0) {
          i = n;
          break;
        }
        i = close + 1;
        out.push(this.finishCapture(chunk, segmentStart, i));
        segmentStart = i;
        this.stack[this.stack.length - 1]!.emitted++;
        continue;
      }
      if (this.inString) {
        const end = this.findStringEnd(chunk, i);
        if (end < 0) {
          i = n;
          break;
        }
        i = end + 1;
        this.inString = false;
        if (this.keyStart >= 0) {
          this.finishKey(chunk, end);
        }
        continue;
      }
      const c = chunk[i]!;
      if (c === QUOTE) {
        if (this.stack.length === 0) {
          this.startTopLevelScalar(base + i);
        }
        if (this.captureDepth < 0) {
          this.refuseScalarElement(base + i);
        }
        this.inString = true;
        if (this.captureDepth < 0 && this.isKeyPosition()) {
          this.keyStart = i + 1;
          this.keyParts = [];
        }
        i++;
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        const parent = this.stack[this.stack.length - 1];
        if (this.captureDepth < 0) {
          if (parent === undefined) {
            this.startTopLevel(base + i);
            segmentStart = i;
          }
          if (parent?.split === true) {
            // an element to hand out starts here: flush envelope text before it
            this.appendEnvelope(chunk, segmentStart, i);
            if (parent.emitted === 0) {
              this.envelope += '0';
            }
            this.captureDepth = this.stack.length;
            this.captureStart = base + i;
            this.capturePath =
              parent.path === '' ? ['[]'] : parent.path.split('/');
            this.captured = [];
            this.captureBytes = 0;
            this.nesting = 1;
            segmentStart = i;
            i++;
            continue;
          }
        }
        const isArray = c === OPEN_ARRAY;
        const path =
          parent === undefined
            ? ''
            : parent.isArray
              ? parent.path
              : joinPath(parent.path, this.lastKey);
        const splitPath = parent === undefined ? '[]' : path;
        this.stack.push({
          isArray,
          path,
          split: isArray && SPLIT_PATHS.has(splitPath),
          emitted: 0,
        });
        this.afterColon = false;
        i++;
        continue;
      }
      if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        const frame = this.stack.pop();
        if (frame === undefined || frame.isArray !== (c === CLOSE_ARRAY)) {
          throw new JsonSyntaxError(
            `unexpected '${String.fromCharCode(c)}'`,
            base + i,
          );
        }
        i++;
        if (this.stack.length === 0) {
          this.appendEnvelope(chunk, segmentStart, i);
          segmentStart = i;
          const whole = this.finishTopLevel();
          if (whole !== undefined) {
            out.push(whole);
          }
        }
        continue;
      }
      if (this.captureDepth < 0) {
        if (c === COMMA) {
          const frame = this.stack[this.stack.length - 1];
          if (frame?.split === true) {
            // drop separators between handed-out elements from the envelope
            this.appendEnvelope(chunk, segmentStart, i);
            segmentStart = i + 1;
          }
          this.afterColon = false;
        } else if (c === COLON) {
          this.afterColon = true;
        } else if (!isWhitespace(c)) {
          if (this.stack.length === 0) {
            this.startTopLevelScalar(base + i);
          }
          this.refuseScalarElement(base + i);
        }
      }
      i++;
    }
    // keep the unfinished tail
    if (this.captureDepth >= 0) {
      this.appendCapture(chunk.subarray(segmentStart, n));
    } else if (this.stack.length > 0) {
      this.appendEnvelope(chunk, segmentStart, n);
      if (this.envelope.length > this.maxValueBytes) {
        throw new JsonSyntaxError(
          'value too large to hold in memory',
          this.envelopeStart,
        );
      }
    }
    if (this.keyStart >= 0 && this.inString) {
      this.keyParts.push(chunk.slice(this.keyStart, n));
      this.keyStart = 0;
    }
    this.position += n;
    return out;
  }

  /** Ends the stream; throws when a value is left unfinished. */
  end(): void {
    if (this.stack.length > 0 || this.inString) {
      throw new JsonSyntaxError('unexpected end of input', this.position);
    }
  }

  /**
   * Inside an element being handed out only brackets and strings matter: scan
   * for the bracket that closes it. Returns its index, or -1 when the chunk ends first.
   */
  private scanCaptured(chunk: Uint8Array, from: number): number {
    let i = from;
    let nesting = this.nesting;
    const n = chunk.length;
    if (this.inString) {
      // resume a string cut by the previous chunk (after an escape, skip one byte)
      if (this.escaped) {
        this.escaped = false;
        i++;
      }
      i = skipStringBody(chunk, i);
      if (i >= n) {
        this.escaped = i > n;
        return -1;
      }
      this.inString = false;
      i++;
    }
    while (i < n) {
      const c = chunk[i]!;
      if (c === QUOTE) {
        // string bodies are short here (keys, tag values): a byte loop beats indexOf calls
        i = skipStringBody(chunk, i + 1);
        if (i >= n) {
          this.inString = true;
          this.escaped = i > n;
          this.nesting = nesting;
          return -1;
        }
        i++;
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        nesting++;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        nesting--;
        if (nesting === 0) {
          this.nesting = 0;
          return i;
        }
      }
      i++;
    }
    this.nesting = nesting;
    return -1;
  }

  private isKeyPosition(): boolean {
    const frame = this.stack[this.stack.length - 1];
    return frame !== undefined && !frame.isArray && !this.afterColon;
  }

  private findStringEnd(chunk: Uint8Array, from: number): number {
    let i = from;
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    for (;;) {
      const q = chunk.indexOf(QUOTE, i);
      if (q < 0) {
        // remember whether the chunk ends inside an escape
        let k = chunk.length - 1;
        let slashes = 0;
        while (k >= i && chunk[k] === BACKSLASH) {
          slashes++;
          k--;
        }
        this.escaped = slashes % 2 === 1;
        return -1;
      }
      let k = q - 1;
      let slashes = 0;
      while (k >= i && chunk[k] === BACKSLASH) {
        slashes++;
        k--;
      }
      if (slashes % 2 === 0) {
        return q;
      }
      i = q + 1;
    }
  }

  private finishKey(chunk: Uint8Array, end: number): void {
    const start = this.keyStart;
    this.keyStart = -1;
    if (this.stack.length > 3) {
      this.lastKey = ''; // keys deeper than the split paths never form one
      return;
    }
    let text: string;
    if (this.keyParts.length === 0) {
      text = this.decodeSlice(chunk, start, end);
    } else {
      this.keyParts.push(chunk.slice(start, end));
      text = this.decoder.decode(concatBytes(this.keyParts));
      this.keyParts = [];
    }
    this.lastKey = text.includes('\\')
      ? (JSON.parse(`"${text}"`) as string)
      : text;
  }

  private startTopLevel(offset: number): void {
    this.envelope = '';
    this.envelopeStart = offset;
  }

  private startTopLevelScalar(offset: number): never {
    throw new JsonSyntaxError(
      'expected an object or an array at the top level',
      offset,
    );
  }

  /** Trace-carrying arrays hold objects (or arrays): a string, number, boolean or null there is no trace. */
  private refuseScalarElement(offset: number): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame?.split === true) {
      const where =
        frame.path === ''
          ? 'the top-level array'
          : `"${frame.path.replace(/\//g, '.')}"`;
      throw new JsonSyntaxError(
        `not a trace: expected an object as an element of ${where}, found a string, number, boolean or null`,
        offset,
        true,
      );
    }
  }

  private finishTopLevel(): SplitValue | undefined {
    const text = this.envelope + this.envelopeDecoder.decode();
    this.envelope = '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw toSyntaxError(err, this.envelopeStart);
    }
    const hadSplits = text.length > 0 && containsSplitPlaceholder(parsed);
    return hadSplits
      ? undefined
      : new SplitValue([], this.envelopeStart, text, parsed);
  }

  private finishCapture(
    chunk: Uint8Array,
    from: number,
    to: number,
  ): SplitValue {
    let bytes: Uint8Array;
    if (this.captured.length === 0) {
      // the whole element is in this chunk: a view, valid until the next push
      bytes = chunk.subarray(from, to);
      if (bytes.length > this.maxValueBytes) {
        throw new JsonSyntaxError(
          'value too large to hold in memory',
          this.captureStart,
        );
      }
    } else {
      this.appendCapture(chunk.subarray(from, to));
      bytes =
        this.captured.length === 1
          ? this.captured[0]!
          : concatBytes(this.captured);
    }
    this.captured = [];
    this.captureDepth = -1;
    return new SplitValue(this.capturePath, this.captureStart, bytes);
  }

  private appendCapture(part: Uint8Array): void {
    if (part.length === 0) {
      return;
    }
    // copy: the caller may reuse the chunk's memory
    this.captured.push(part.slice());
    this.captureBytes += part.length;
    if (this.captureBytes > this.maxValueBytes) {
      throw new JsonSyntaxError(
        'value too large to hold in memory',
        this.captureStart,
      );
    }
  }

  /**
   * Envelope text goes through its own streaming decoder: a character cut by
   * a chunk boundary is completed by the next chunk instead of becoming two
   * replacement characters. (Captured elements start and end on ASCII
   * brackets, so skipping them never splits a character.)
   */
  private appendEnvelope(chunk: Uint8Array, from: number, to: number): void {
    if (to > from) {
      this.envelope += this.envelopeDecoder.decode(chunk.subarray(from, to), {
        stream: true,
      });
    }
  }

  private decodeSlice(chunk: Uint8Array, from: number, to: number): string {
    return to > from ? this.decoder.decode(chunk.subarray(from, to)) : '';
  }
}

/** Turns a JSON.parse error into one with the stream's byte offset (approximate for non-ASCII text). */
export function toSyntaxError(
  err: unknown,
  valueOffset: number,
): JsonSyntaxError {
  const message = err instanceof Error ? err.message : String(err);
  const m = /position (\d+)/.exec(message);
  const offset = valueOffset + (m === null ? 0 : Number(m[1]));
  return new JsonSyntaxError(
    message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/^Unexpected/, 'unexpected'),
    offset,
  );
}

function containsSplitPlaceholder(value: unknown): boolean {
  if (Array.isArray(value)) {
    return true;
  }
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const obj = value as Record<string, unknown>;
  for (const key of ['data', 'resourceSpans', 'batches']) {
    if (Array.isArray(obj[key])) {
      return true;
    }
  }
  const result = obj['result'];
  return (
    typeof result === 'object' &&
    result !== null &&
    Array.isArray((result as Record<string, unknown>)['resourceSpans'])
  );
}

/**
 * Index of the quote that ends the string body starting at `from`; past the
 * end when the chunk ends first (n + 1 when it ends right after a backslash).
 */
function skipStringBody(chunk: Uint8Array, from: number): number {
  const n = chunk.length;
  let i = from;
  while (i < n) {
    const c = chunk[i]!;
    if (c === QUOTE) {
      return i;
    }
    i += c === BACKSLASH ? 2 : 1;
  }
  return i;
}

function joinPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}/${key}`;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) {
    total += p.length;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
