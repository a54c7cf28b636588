/**
 * Holds the process to its memory bound (`--memory-limit`) by its resident
 * set, whatever holds the memory: the parts of `memory-limit.ts` each have
 * their own bound, but bodies in flight, the decode workers' heaps and the
 * allocator's free lists are outside all of them.
 *
 * The resident set is read at most every `sampleGapMillis` (a read of
 * `/proc/self/stat`), by a timer and by admission. Pressure starts when it
 * reaches `enterShare` of the bound and ends once it is below `leaveShare`
 * and pressure has lasted `minPressureMillis`: the gap between the two marks
 * and the minimum length keep a collector near a mark from flapping.
 *
 *   rss  ▲        enter ─────────────╮
 *        │  ╭──╮ ╭─╮                  │ under pressure
 *        │ ╱    ╰╯  ╲  ╭╮             │ until below leave
 *        │╱          ╲╱ ╰─╮ leave ───╯   and ≥ minPressureMillis
 *        └──────────────────────────▶ time
 *
 * While under pressure, ingest admits a request only when no other is in
 * flight (`admit-ingest-request.ts`) and the store is asked to shrink its
 * cache (`SpanStore.setMemoryPressure`).
 */

/** Start pressure at this share of the bound. */
export const MEMORY_ENTER_SHARE = 0.85;
/** End pressure below this share of the bound. */
export const MEMORY_LEAVE_SHARE = 0.75;
/** Pressure lasts at least this long. */
export const MIN_MEMORY_PRESSURE_MILLIS = 2_000;
/** The timer's period; admission may read sooner, after `MEMORY_SAMPLE_GAP_MILLIS`. */
export const MEMORY_SAMPLE_INTERVAL_MILLIS = 250;
export const MEMORY_SAMPLE_GAP_MILLIS = 50;
/** Suggested wait for a request refused under memory pressure. */
export const MEMORY_RETRY_AFTER_SECONDS = 2;

export interface MemoryThresholds {
  readonly limitBytes: number;
  readonly enterShare: number;
  readonly leaveShare: number;
  readonly minPressureMillis: number;
}

export interface MemoryPressureState {
  readonly pressure: boolean;
  /** When the current pressure started; undefined without pressure. */
  readonly sinceMillis: number | undefined;
}

/** The next state after reading `rssBytes` at `nowMillis`. */
export function decideMemoryPressure(
  state: MemoryPressureState,
  rssBytes: number,
  nowMillis: number,
  thresholds: MemoryThresholds,
): MemoryPressureState {
  const { limitBytes, enterShare, leaveShare, minPressureMillis } = thresholds;
  if (!state.pressure) {
    return rssBytes >= limitBytes * enterShare
      ? { pressure: true, sinceMillis: nowMillis }
      : state;
  }
  const lasted = nowMillis - (state.sinceMillis ?? nowMillis);
  return rssBytes < limitBytes * leaveShare && lasted >= minPressureMillis
    ? { pressure: false, sinceMillis: undefined }
    : state;
}

/** What the governor reads. */
export interface MemoryProbe {
  /** The process's resident set, bytes. */
  readonly readRssBytes: () => number;
  /** A monotonic clock, ms. */
  readonly nowMillis: () => number;
}

/** The process's own resident set and monotonic clock. */
export const PROCESS_MEMORY_PROBE: MemoryProbe = {
  readRssBytes: () => process.memoryUsage.rss(),
  nowMillis: () => performance.now(),
};

export interface MemoryGovernorOptions extends MemoryProbe {
  readonly limitBytes: number;
  /** Called when pressure starts (true) or ends (false). */
  readonly onChange?: (pressure: boolean, rssBytes: number) => void;
  readonly enterShare?: number;
  readonly leaveShare?: number;
  readonly minPressureMillis?: number;
  readonly sampleGapMillis?: number;
}

export class MemoryGovernor {
  readonly thresholds: MemoryThresholds;
  #state: MemoryPressureState = { pressure: false, sinceMillis: undefined };
  #rssBytes = 0;
  #sampledAtMillis: number | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: MemoryGovernorOptions) {
    this.thresholds = {
      limitBytes: options.limitBytes,
      enterShare: options.enterShare ?? MEMORY_ENTER_SHARE,
      leaveShare: options.leaveShare ?? MEMORY_LEAVE_SHARE,
      minPressureMillis:
        options.minPressureMillis ?? MIN_MEMORY_PRESSURE_MILLIS,
    };
  }

  get limitBytes(): number {
    return this.thresholds.limitBytes;
  }

  /** The last reading, bytes; 0 before the first. */
  get rssBytes(): number {
    return this.#rssBytes;
  }

  /** Whether the process is under pressure, reading the resident set again when the last reading is older than the sample gap. */
  underPressure(): boolean {
    const now = this.options.nowMillis();
    const gap = this.options.sampleGapMillis ?? MEMORY_SAMPLE_GAP_MILLIS;
    if (
      this.#sampledAtMillis === undefined ||
      now - this.#sampledAtMillis >= gap
    ) {
      this.sample(now);
    }
    return this.#state.pressure;
  }

  /** Reads the resident set now and updates the state. */
  sample(nowMillis = this.options.nowMillis()): void {
    this.#sampledAtMillis = nowMillis;
    this.#rssBytes = this.options.readRssBytes();
    const before = this.#state.pressure;
    this.#state = decideMemoryPressure(
      this.#state,
      this.#rssBytes,
      nowMillis,
      this.thresholds,
    );
    if (this.#state.pressure !== before) {
      this.options.onChange?.(this.#state.pressure, this.#rssBytes);
    }
  }

  /** Samples every `intervalMillis` until `stop`, without keeping the process alive. */
  start(intervalMillis = MEMORY_SAMPLE_INTERVAL_MILLIS): void {
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.sample(), intervalMillis);
      this.#timer.unref();
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
