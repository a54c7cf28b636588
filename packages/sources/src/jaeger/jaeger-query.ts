import type { Micros } from '@pathprof/model';

/** A validated search of a live Jaeger, in the units of its v1 API. */
export interface JaegerQuery {
  /** `http(s)://host[:port][/base/path]`: no trailing slash, query or credentials. */
  baseUrl: string;
  /** `Basic …` built from credentials written in the URL (`http://user:pw@host`). */
  authorization?: string;
  service: string;
  operation?: string;
  tags?: Readonly<Record<string, string>>;
  startMicros: Micros;
  endMicros: Micros;
  /** The maximum number of distinct traces read, over all windows. */
  limit: number;
  minDurationMicros?: Micros;
  maxDurationMicros?: Micros;
}
