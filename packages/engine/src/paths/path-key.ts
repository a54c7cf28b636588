/**
 * Path identity as a pluggable strategy: how each hop is labelled and whether
 * consecutive hops with the same label fold into one.
 */
import { PATH_SEPARATOR } from '@pathprof/model';
import type { Hop } from '../hops/hop-tree.js';

export interface PathKeyStrategy {
  readonly name: string;
  readonly labelHop: (hop: Hop) => string;
  /** Fold consecutive hops with equal labels into one position. */
  readonly collapseRuns: boolean;
}

/** `svc-a:a3 > svc-e:e1 > svc-d:d2` (the default). */
export const KEY_BY_SERVICE_AND_OPERATION: PathKeyStrategy = {
  name: 'service+operation',
  labelHop: (hop) => hop.label,
  collapseRuns: false,
};

/** `svc-a > svc-e > svc-d`. */
export const KEY_BY_SERVICE: PathKeyStrategy = {
  name: 'service',
  labelHop: (hop) => hop.service,
  collapseRuns: false,
};

/** `svc-a > svc-e`: hops of one service in a row count as one. */
export const KEY_BY_SERVICE_COLLAPSED: PathKeyStrategy = {
  name: 'service-collapsed',
  labelHop: (hop) => hop.service,
  collapseRuns: true,
};

/** Every strategy, by the name flags and query parameters use. */
export const PATH_KEY_STRATEGIES: readonly PathKeyStrategy[] = [
  KEY_BY_SERVICE_AND_OPERATION,
  KEY_BY_SERVICE,
  KEY_BY_SERVICE_COLLAPSED,
];

/** The strategy named `name`, or undefined when no strategy has that name. */
export function findPathKeyStrategy(name: string): PathKeyStrategy | undefined {
  return PATH_KEY_STRATEGIES.find((strategy) => strategy.name === name);
}

export function joinPathKey(labels: readonly string[]): string {
  return labels.join(PATH_SEPARATOR);
}
