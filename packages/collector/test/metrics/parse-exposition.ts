/**
 * A small reader of Prometheus text exposition (format 0.0.4) for tests:
 * samples with their labels unescaped, so assertions see the original values.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    samples.push(parseSampleLine(line));
  }
  return samples;
}

function parseSampleLine(line: string): Sample {
  const name = SAMPLE_NAME.exec(line)?.[0];
  if (name === undefined) {
    throw new Error(`not a sample line: ${line}`);
  }
  const labels: Record<string, string> = {};
  let i = name.length;
  if (line[i] === '{') {
    i += 1;
    while (line[i] !== '}') {
      const eq = line.indexOf('="', i);
      const key = line.slice(i, eq);
      let value = '';
      i = eq + 2;
      while (line[i] !== '"') {
        if (line[i] === '\\') {
          const next = line[i + 1];
          value += next === 'n' ? '\n' : next;
          i += 2;
        } else {
          value += line[i];
          i += 1;
        }
        if (i >= line.length) {
          throw new Error(`unterminated label value: ${line}`);
        }
      }
      labels[key] = value;
      i += line[i + 1] === ',' ? 2 : 1;
    }
    i += 1;
  }
  const value = Number(line.slice(i).trim().split(' ')[0]);
  return { name, labels, value };
}

/** The value of the one sample with this name and (at least) these labels; undefined when none. */
export function findSampleValue(
  samples: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const found = samples.filter(
    (s) =>
      s.name === name &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length > 1) {
    throw new Error(`${found.length} samples match ${name}`);
  }
  return found[0]?.value;
}

/** The `path` label values of a metric's samples, sorted. */
export function listPathLabels(
  samples: readonly Sample[],
  name: string,
): string[] {
  return samples
    .filter((s) => s.name === name)
    .map((s) => s.labels['path'] ?? '')
    .sort();
}
