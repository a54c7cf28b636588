/**
 * A local date-time typed as the rest of the UI prints one
 * (`2025-01-15 11:50:00.000`, see formatTimestamp), so dates read one way
 * everywhere — a `datetime-local` input would print the browser's locale
 * format instead. Marked invalid while the text is not a date-time.
 */
import { parseTimestamp } from '../format/format-units.js';

export function DateTimeInput(props: {
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
}) {
  const invalid = parseTimestamp(props.value) === null;
  return (
    <label>
      <span class="control-label">{props.label}</span>
      <input
        type="text"
        class="date-time"
        size={23}
        placeholder="YYYY-MM-DD hh:mm:ss"
        aria-invalid={invalid}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </label>
  );
}
