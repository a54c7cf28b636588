/**
 * The arms of `pathprof overhead`: a decorated route and its undecorated twin
 * under each instrumentation level. The services read their level from
 * SDK_MODE_ENV; each level runs as its own showcase instance, and all arms are
 * measured side by side, interleaved, instead of one configuration after another.
 *
 * Every instance serves exactly two arms (its route and the twin), so every
 * instance gets the same share of the traffic: an instance that is called
 * more often stays warmer (caches, branch predictors, the scheduler's view of
 * it) and answers faster — on a 2-core machine an identical instance with twice
 * the traffic answered about 25% faster, which would pass for "overhead".
 */
export const SDK_MODE_ENV = 'PATHPROF_SDK';

/**
 * - full: the SDK with profiled hops (the default);
 * - otel-only: OpenTelemetry tracing and HTTP instrumentation, `profiled` a pass-through;
 * - off: no tracing at all.
 */
export type SdkMode = 'full' | 'otel-only' | 'off';

export type ArmId =
  | 'decorated'
  | 'twin'
  | 'otel-only'
  | 'otel-only-twin'
  | 'sdk-off'
  | 'sdk-off-twin';

export interface OverheadArm {
  readonly id: ArmId;
  readonly mode: SdkMode;
  /** Whether the arm calls the undecorated `…n` twin. */
  readonly twin: boolean;
  readonly label: string;
}

const arm = (
  id: ArmId,
  mode: SdkMode,
  twin: boolean,
  label: string,
): OverheadArm => ({ id, mode, twin, label });

export const ARMS: Record<ArmId, OverheadArm> = {
  decorated: arm('decorated', 'full', false, 'decorated route, SDK on'),
  twin: arm('twin', 'full', true, 'undecorated twin, SDK on'),
  'otel-only': arm(
    'otel-only',
    'otel-only',
    false,
    'decorated route, plain OpenTelemetry only',
  ),
  'otel-only-twin': arm(
    'otel-only-twin',
    'otel-only',
    true,
    'undecorated twin, plain OpenTelemetry only',
  ),
  'sdk-off': arm('sdk-off', 'off', false, 'decorated route, SDK disabled'),
  'sdk-off-twin': arm(
    'sdk-off-twin',
    'off',
    true,
    'undecorated twin, SDK disabled',
  ),
};

export interface Comparison {
  readonly id: string;
  readonly numerator: ArmId;
  readonly denominator: ArmId;
  /** What the ratio isolates. */
  readonly measures: string;
}

const compare = (
  numerator: ArmId,
  denominator: ArmId,
  measures: string,
): Comparison => ({
  id: `${numerator}/${denominator}`,
  numerator,
  denominator,
  measures,
});

export const COMPARISONS: readonly Comparison[] = [
  compare('decorated', 'twin', 'profiled hops (the decorators)'),
  compare('otel-only', 'sdk-off', 'plain OpenTelemetry tracing'),
  compare('decorated', 'sdk-off', 'all instrumentation'),
  compare('twin', 'otel-only-twin', 'SDK beyond plain OTel, no hops'),
  compare('sdk-off', 'sdk-off-twin', 'control: route vs twin, no SDK'),
];

export type Baseline = 'otel-only' | 'off';

/** The arms measured given the baselines asked for (decorated and twin always). */
export function selectArms(baselines: readonly Baseline[]): OverheadArm[] {
  return [
    ARMS.decorated,
    ARMS.twin,
    ...(baselines.includes('otel-only')
      ? [ARMS['otel-only'], ARMS['otel-only-twin']]
      : []),
    ...(baselines.includes('off')
      ? [ARMS['sdk-off'], ARMS['sdk-off-twin']]
      : []),
  ];
}

/** The comparisons whose two arms are both measured. */
export function selectComparisons(arms: readonly OverheadArm[]): Comparison[] {
  const ids = new Set(arms.map((a) => a.id));
  return COMPARISONS.filter(
    (c) => ids.has(c.numerator) && ids.has(c.denominator),
  );
}
