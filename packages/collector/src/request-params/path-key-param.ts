/**
 * The `pathKey` query parameter of the path and compare APIs: one of the
 * engine's path-key strategies by name, `service+operation` when absent.
 */
import { findPathKeyStrategy, PATH_KEY_STRATEGIES } from '@pathprof/engine';
import type { PathKeyStrategy } from '@pathprof/engine';
import { badParam } from '../collector-error.js';
import type { QueryParams } from './query-params.js';
import { readParam } from './query-params.js';

export function readPathKeyParam(query: QueryParams): PathKeyStrategy {
  const name = readParam(query, 'pathKey') ?? 'service+operation';
  const strategy = findPathKeyStrategy(name);
  if (strategy === undefined) {
    throw badParam(
      `'pathKey' must be one of ${PATH_KEY_STRATEGIES.map((s) => s.name).join(', ')}, got "${name}"`,
    );
  }
  return strategy;
}
