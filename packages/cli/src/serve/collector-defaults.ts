/**
 * Defaults the collector's flags name in their help; kept apart from
 * collector-flags.ts so that registering commands loads no collector code.
 */

/** The environment variable `--token` falls back to. */
export const TOKEN_ENV = 'PATHPROF_TOKEN';
export const DEFAULT_DATA_DIR = './pathprof-data';
export const DEFAULT_RETENTION = '72h';
