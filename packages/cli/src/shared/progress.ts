/** A progress bar on stderr, drawn only when stderr is a terminal. */
import cliProgress from 'cli-progress';
import type { CliIo } from './cli-io.js';

export interface Progress {
  update(done: number, detail?: string): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

export function createProgress(
  io: CliIo,
  enabled: boolean,
  total: number,
  unit: string,
): Progress {
  if (!enabled || io.stderr.isTTY !== true || total <= 0) {
    return SILENT;
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: `{bar} {percentage}% | {value}/{total} ${unit} | {detail}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { detail: '' });
  return {
    update: (done, detail = '') =>
      bar.update(Math.min(done, total), { detail }),
    stop: () => bar.stop(),
  };
}
