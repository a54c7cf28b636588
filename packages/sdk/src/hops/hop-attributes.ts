/**
 * The attribute convention of hop spans (docs/hop-attributes.md). These are
 * copies of the constants in `@pathprof/model`, which the SDK must not import
 * (it ships inside users' services); e2e/sdk-attribute-names.test.ts checks
 * that both stay equal.
 */

export const HOP_ATTR = 'pathprof.hop';
export const HOP_NAME_ATTR = 'pathprof.hop.name';
export const HOP_WALL_MS_ATTR = 'pathprof.wall_ms';
export const HOP_CPU_MS_ATTR = 'pathprof.cpu_ms';
export const HOP_MEMORY_BYTES_ATTR = 'pathprof.memory_bytes';
export const HOP_MEMORY_KIND_ATTR = 'pathprof.memory.kind';
export const HOP_MEMORY_SAMPLE_RATE_ATTR = 'pathprof.memory.sample_rate';
export const HOP_PATH_ATTR = 'pathprof.path';
export const PATH_BAGGAGE_KEY = 'pathprof.path';
export const PATH_SEPARATOR = ' > ';

export const SEED_SUMMARY_SUFFIX = '_summary';
export const SEED_METRICS_SUFFIX = '_performance_metrics';
export const SEED_FUNCTION_NAME_ATTR = 'function.name';
export const SEED_CPU_MS_ATTR = 'cpu.ms';
export const SEED_EXEC_MS_ATTR = 'exec.ms';
export const SEED_PEAK_MEM_KB_ATTR = 'peak_mem.kb';

/** The value of `pathprof.memory.kind` the SDK writes (see docs/sdk.md). */
export const MEMORY_KIND_HEAP_GROWTH = 'heap_growth';
