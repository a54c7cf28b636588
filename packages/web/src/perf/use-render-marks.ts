/**
 * User Timing marks around a view's first render of a new API answer, read
 * by bench/ui-paths-render.mjs (the app never reads them):
 *
 *   `${name}:render-start`  the render that first sees `data` begins
 *   `${name}:committed`     its DOM is committed (layout effect)
 *   `${name}:painted`       the frame after that commit was painted
 *   measure `${name}:render` = render-start → committed
 *
 * Marks are cheap and bounded: one set per answer.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';

export function useRenderMarks(name: string, data: unknown): void {
  const started = useRef<unknown>(undefined);
  if (data !== undefined && started.current !== data) {
    started.current = data;
    performance.mark(`${name}:render-start`);
  }
  useLayoutEffect(() => {
    if (data === undefined) {
      return;
    }
    performance.mark(`${name}:committed`);
    performance.measure(
      `${name}:render`,
      `${name}:render-start`,
      `${name}:committed`,
    );
    requestAnimationFrame(() =>
      setTimeout(() => performance.mark(`${name}:painted`), 0),
    );
  }, [data]);
}
