/**
 * The media type of a `Content-Type` header without its parameters,
 * lowercased: `Application/JSON; charset=utf-8` → `application/json`.
 * An absent header gives ''.
 */
export function parseMediaType(header: string | string[] | undefined): string {
  const text = Array.isArray(header) ? (header[0] ?? '') : (header ?? '');
  return (text.split(';', 1)[0] ?? '').trim().toLowerCase();
}
