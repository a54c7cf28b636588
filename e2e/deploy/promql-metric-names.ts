/**
 * The metric names a PromQL expression reads. Enough PromQL for dashboards:
 * strings, label matchers, ranges and `by (…)` groupings are removed first;
 * what is left is function names (followed by `(`), keywords, numbers and
 * metric names.
 */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

export function listMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(
      /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g,
      ' ',
    )
    .replace(/\b\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y)?\b/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = stripped.slice(match.index + match[0].length).trimStart();
    if (!after.startsWith('(') && !KEYWORDS.has(match[0].toLowerCase())) {
      names.add(match[0]);
    }
  }
  return [...names];
}

/** `label_values(metric, label)` of a Grafana query variable: the metric. */
export function listVariableMetricNames(query: string): string[] {
  const match = /label_values\(\s*([A-Za-z_:][A-Za-z0-9_:]*)/.exec(query);
  return match === null ? [] : [match[1]!];
}
