/** A path plus query parameters, skipping empty values, in a stable order. */
export function buildUrl(
  path: string,
  params: readonly (readonly [string, string | undefined])[],
): string {
  const query = new URLSearchParams();
  for (const [key, value] of params) {
    if (value !== undefined && value !== '') {
      query.append(key, value);
    }
  }
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** `/path/<key>`: the key is one path segment, so '/' and '>' are escaped. */
export function buildPathDetailPath(key: string): string {
  return `/path/${encodeURIComponent(key)}`;
}

/** Why a trace was opened from a path: shown on the Trace view, with the hop selected. */
export interface TraceContext {
  /** The path the trace was opened from. */
  readonly path: string;
  /** The hop to select (the one most responsible for an anomaly). */
  readonly hop?: string;
  /** One line: what was abnormal and by how much. */
  readonly why?: string;
}

export function buildTracePath(
  traceId: string,
  context?: TraceContext,
): string {
  const path = `/trace/${encodeURIComponent(traceId)}`;
  return context === undefined
    ? path
    : buildUrl(path, [
        ['from', context.path],
        ['hop', context.hop],
        ['why', context.why],
      ]);
}
