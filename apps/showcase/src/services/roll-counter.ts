/** The toy's `roll_counter` metric: rolls per value, in Prometheus text format. */

export const ROLL_COUNTER_NAME = 'roll_counter';

export interface RollCounter {
  add(value: number): void;
  /** The exposition text (format 0.0.4), values in ascending order. */
  render(): string;
}

export function createRollCounter(): RollCounter {
  const counts = new Map<number, number>();
  return {
    add(value) {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    },
    render() {
      const lines = [
        `# HELP ${ROLL_COUNTER_NAME} The number of rolls by roll value.`,
        `# TYPE ${ROLL_COUNTER_NAME} counter`,
      ];
      for (const [value, count] of [...counts].sort((a, b) => a[0] - b[0])) {
        lines.push(`${ROLL_COUNTER_NAME}{roll_value="${value}"} ${count}`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}
