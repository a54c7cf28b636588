/**
 * The attribute convention of hop spans: what `@pathprof/sdk` writes on each
 * profiled call and what the engine reads. Units are part of every name.
 * See docs/hop-attributes.md.
 */

/** `true` on a span that is one profiled unit of work (a hop). */
export const HOP_ATTR = 'pathprof.hop';
/** The handler's name; the hop is labelled `service:<name>`. Falls back to the span name. */
export const HOP_NAME_ATTR = 'pathprof.hop.name';
/** Wall-clock time of the call in milliseconds, measured by the SDK around the handler. */
export const HOP_WALL_MS_ATTR = 'pathprof.wall_ms';
/** On-CPU time of this call alone (its own synchronous slices), milliseconds. */
export const HOP_CPU_MS_ATTR = 'pathprof.cpu_ms';
/** Memory attributed to the call, bytes; what it measures is named by `pathprof.memory.kind`. */
export const HOP_MEMORY_BYTES_ATTR = 'pathprof.memory_bytes';
/** What `pathprof.memory_bytes` measures, e.g. `heap_growth` or `peak_heap`. */
export const HOP_MEMORY_KIND_ATTR = 'pathprof.memory.kind';
/** The memory figure is on 1 call in this many (an integer ≥ 1); absent: every call. */
export const HOP_MEMORY_SAMPLE_RATE_ATTR = 'pathprof.memory.sample_rate';
/** The path so far, `svc-a:a3 > svc-e:e1`, as propagated in baggage by the SDK. */
export const HOP_PATH_ATTR = 'pathprof.path';
/** The W3C baggage entry that carries the path between services. */
export const PATH_BAGGAGE_KEY = 'pathprof.path';
/** Separator between hop labels in path keys. */
export const PATH_SEPARATOR = ' > ';

/** The seed prototype's convention: `<fn>_summary` spans with a `<fn>_performance_metrics` child. */
export const SEED_SUMMARY_SUFFIX = '_summary';
export const SEED_METRICS_SUFFIX = '_performance_metrics';
export const SEED_FUNCTION_NAME_ATTR = 'function.name';
export const SEED_CPU_MS_ATTR = 'cpu.ms';
export const SEED_EXEC_MS_ATTR = 'exec.ms';
export const SEED_PEAK_MEM_KB_ATTR = 'peak_mem.kb';
