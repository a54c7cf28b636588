/**
 * A small tooltip shown on hover and on keyboard focus, tied to its anchor
 * with `aria-describedby` so screen readers read it too. For marks too small
 * for a native `title` to be found (a sparkline, a strip).
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export function Tooltip(props: {
  readonly text: string;
  readonly children: ComponentChildren;
  readonly class?: string;
}) {
  const id = useId();
  return (
    <span
      class={`tip-anchor${props.class === undefined ? '' : ` ${props.class}`}`}
      tabIndex={0}
      aria-describedby={id}
    >
      {props.children}
      <span role="tooltip" id={id} class="tip">
        {props.text}
      </span>
    </span>
  );
}
