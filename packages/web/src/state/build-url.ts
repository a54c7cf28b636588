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

export function buildTracePath(traceId: string): string {
  return `/trace/${encodeURIComponent(traceId)}`;
}
