/** One JSON line per event on stdout: `{"time":…,"service":…,"event":…,…}`. */

export type LogFields = Readonly<
  Record<string, string | number | boolean | undefined>
>;

export type Logger = (event: string, fields?: LogFields) => void;

export function createLogger(
  service: string,
  write: (line: string) => void = (line) => {
    process.stdout.write(line);
  },
): Logger {
  return (event, fields = {}) => {
    write(
      `${JSON.stringify({ time: new Date().toISOString(), service, event, ...fields })}\n`,
    );
  };
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
