/**
 * The seed's report text: the per-request-type CSV, then the three anomaly
 * sections, every number printed as Python prints it.
 *
 * Per group: duration max / round(mean) / min / stdev; CPU round(max) × 1000,
 * round(mean) × 1000, round(min) × 1000, stdev(c × 1000); memory max / mean /
 * min / stdev, unrounded. A one-record group prints its stdev as int 0.
 * An anomaly is a record whose raw value is strictly above the printed
 * average + 2 × the printed stdev of its group (Python arithmetic), in groups
 * whose printed stdev is not 0; each section's header line is sorted together
 * with its value lines. CPU compares raw ms with a threshold in µs (seed quirk).
 */
import { compareCodePoints } from './compare-code-points.js';
import type { SeedPathRecord } from './extract-seed-paths.js';
import {
  addPyNumbers,
  comparePyNumbers,
  computePyMean,
  computePyStdev,
  createPyInt,
  findPyMax,
  findPyMin,
  formatPyNumber,
  multiplyPyNumbers,
  roundPyNumber,
  type PyNumber,
} from './python-number.js';

export const SEED_CSV_HEADER =
  'request_type,count,max_duration,avg_duration,min_duration,std_duration,' +
  'max_cpu_time,avg_cpu_time,min_cpu_time,std_cpu_time,' +
  'max_peak_mem,avg_peak_mem,min_peak_mem,std_peak_mem';

interface PrintedStats {
  readonly max: PyNumber;
  readonly avg: PyNumber;
  readonly min: PyNumber;
  readonly std: PyNumber;
}

interface GroupStats {
  readonly key: string;
  readonly records: readonly SeedPathRecord[];
  readonly durationMicros: PrintedStats;
  readonly cpuMicros: PrintedStats;
  readonly peakMemKib: PrintedStats;
}

interface AnomalySection {
  readonly title: string;
  readonly metric: string;
  readonly statsOf: (group: GroupStats) => PrintedStats;
  readonly valueOf: (record: SeedPathRecord) => PyNumber;
}

const ANOMALY_SECTIONS: readonly AnomalySection[] = [
  {
    title: '== DURATION ANOMALIES ==',
    metric: 'duration',
    statsOf: (group) => group.durationMicros,
    valueOf: (record) => record.durationMicros,
  },
  {
    title: '== CPU.MS ANOMALIES ==',
    metric: 'cpu.ms',
    statsOf: (group) => group.cpuMicros,
    valueOf: (record) => record.cpuMillis,
  },
  {
    title: '== PEAK_MEM.KB ANOMALIES ==',
    metric: 'peak_mem.kb',
    statsOf: (group) => group.peakMemKib,
    valueOf: (record) => record.peakMemKib,
  },
];

const ZERO = createPyInt(0);
const TWO = createPyInt(2);
const MICROS_PER_MILLI = createPyInt(1000);

export function renderSeedReport(
  groups: ReadonlyMap<string, readonly SeedPathRecord[]>,
): string {
  const stats = [...groups].map(([key, records]) =>
    computeGroupStats(key, records),
  );
  const lines = [SEED_CSV_HEADER];
  for (const group of stats) {
    const columns = [
      group.durationMicros,
      group.cpuMicros,
      group.peakMemKib,
    ].flatMap(({ max, avg, min, std }) =>
      [max, avg, min, std].map(formatPyNumber),
    );
    lines.push([group.key, String(group.records.length), ...columns].join(','));
  }
  for (const section of ANOMALY_SECTIONS) {
    lines.push(section.title, ...findAnomalyLines(section, stats));
  }
  return lines.map((line) => `${line}\n`).join('');
}

function computeGroupStats(
  key: string,
  records: readonly SeedPathRecord[],
): GroupStats {
  const durations = records.map((r) => r.durationMicros);
  const cpus = records.map((r) => r.cpuMillis);
  const mems = records.map((r) => r.peakMemKib);
  const toMicros = (ms: PyNumber): PyNumber =>
    multiplyPyNumbers(ms, MICROS_PER_MILLI);
  const roundToMicros = (ms: PyNumber): PyNumber => toMicros(roundPyNumber(ms));
  return {
    key,
    records,
    durationMicros: {
      max: findPyMax(durations),
      avg: roundPyNumber(computePyMean(durations)),
      min: findPyMin(durations),
      std: computePrintedStdev(durations),
    },
    cpuMicros: {
      max: roundToMicros(findPyMax(cpus)),
      avg: roundToMicros(computePyMean(cpus)),
      min: roundToMicros(findPyMin(cpus)),
      std: computePrintedStdev(cpus.map(toMicros)),
    },
    peakMemKib: {
      max: findPyMax(mems),
      avg: computePyMean(mems),
      min: findPyMin(mems),
      std: computePrintedStdev(mems),
    },
  };
}

function computePrintedStdev(values: readonly PyNumber[]): PyNumber {
  return values.length > 1 ? computePyStdev(values) : ZERO;
}

function findAnomalyLines(
  section: AnomalySection,
  groups: readonly GroupStats[],
): string[] {
  const lines = [`request_type,${section.metric},traceID`];
  for (const group of groups) {
    const { avg, std } = section.statsOf(group);
    if (comparePyNumbers(std, ZERO) === 0) {
      continue;
    }
    const threshold = addPyNumbers(avg, multiplyPyNumbers(TWO, std));
    for (const record of group.records) {
      const value = section.valueOf(record);
      if (comparePyNumbers(value, threshold) > 0) {
        lines.push(`${group.key},${formatPyNumber(value)},${record.traceId}`);
      }
    }
  }
  return lines.sort(compareCodePoints);
}
