/**
 * Measures of one hop's calls: of one hop label across all paths (the `hop`
 * grouping, one value per call), and the base of a path position's
 * accumulator (one value per request).
 */
import type { ErrorSources, HopSummaryProfile } from '@pathprof/model';
import { Distribution, summarizeOrNull } from '../stats/distribution.js';
import { ValueCounts } from '../stats/value-counts.js';
import { Exemplars } from './exemplars.js';

/** Error sources listed per hop; the rest are counted as unlisted. */
export const ERROR_SOURCES_LISTED = 5;

/** What one call (or one request's calls of a position) adds. */
export interface HopMeasures {
  readonly durationMicros: number;
  readonly selfMicros: number;
  readonly cpuMicros: number | undefined;
  readonly memoryBytes: number | undefined;
  readonly error: boolean;
  /** `<carrier> <service>:<operation>`. */
  readonly errorSource: string | undefined;
  readonly criticalShare: number;
}

export class HopAccumulator {
  count = 0;
  errors = 0;
  readonly duration = new Distribution();
  readonly self = new Distribution();
  readonly cpu = new Distribution();
  readonly waiting = new Distribution();
  readonly memory = new Distribution();
  readonly criticalShare = new Distribution();
  readonly errorSources = new ValueCounts();
  readonly exemplars = new Exemplars();

  constructor(
    readonly label: string,
    readonly service: string,
  ) {}

  add(traceId: string, p: HopMeasures): void {
    this.count++;
    if (p.error) {
      this.errors++;
      this.errorSources.add(p.errorSource ?? 'own');
    }
    this.duration.add(p.durationMicros);
    this.self.add(p.selfMicros);
    if (p.cpuMicros !== undefined) {
      this.cpu.add(p.cpuMicros);
      this.waiting.add(Math.max(0, p.durationMicros - p.cpuMicros));
    }
    if (p.memoryBytes !== undefined) {
      this.memory.add(p.memoryBytes);
    }
    this.criticalShare.add(p.criticalShare);
    this.exemplars.add(traceId, p.durationMicros);
  }

  merge(other: HopAccumulator): void {
    this.count += other.count;
    this.errors += other.errors;
    this.duration.merge(other.duration);
    this.self.merge(other.self);
    this.cpu.merge(other.cpu);
    this.waiting.merge(other.waiting);
    this.memory.merge(other.memory);
    this.criticalShare.merge(other.criticalShare);
    this.errorSources.merge(other.errorSources);
    this.exemplars.merge(other.exemplars);
  }

  toSummaryProfile(): HopSummaryProfile {
    return { ...this.measures(), exemplars: this.exemplars.list() };
  }

  /** The measures a hop summary and a path position report alike. */
  protected measures(): Omit<HopSummaryProfile, 'exemplars'> {
    return {
      label: this.label,
      count: this.count,
      errors: this.errors,
      errorSources: listErrorSources(this.errorSources),
      durationMicros: this.duration.summarize(),
      selfMicros: this.self.summarize(),
      cpuMicros: summarizeOrNull(this.cpu),
      waitingMicros: summarizeOrNull(this.waiting),
      memoryBytes: summarizeOrNull(this.memory),
      criticalPathShare: {
        p50: this.criticalShare.quantile(0.5),
        p95: this.criticalShare.quantile(0.95),
      },
    };
  }
}

/** The most frequent error sources, each `<carrier> <service>:<operation>` split apart. */
export function listErrorSources(counts: ValueCounts): ErrorSources {
  return {
    items: counts.top(ERROR_SOURCES_LISTED).map(({ value, count }) => {
      const space = value.indexOf(' ');
      const carrier = space < 0 ? value : value.slice(0, space);
      return {
        carrier:
          carrier === 'proxy' || carrier === 'span'
            ? carrier
            : ('own' as const),
        span: space < 0 ? '' : value.slice(space + 1),
        count,
      };
    }),
    unlisted: counts.unlisted(ERROR_SOURCES_LISTED),
  };
}
