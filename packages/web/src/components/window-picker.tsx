/** Lookback menu (5m … 2d, like Jaeger's) or an absolute range of two local date-times. */
import { useState } from 'preact/hooks';
import { formatTimestamp, parseTimestamp } from '../format/format-units.js';
import { DateTimeInput } from './date-time-input.js';
import { LOOKBACKS, isLookback } from '../state/window-state.js';
import type { TimeWindow } from '../state/window-state.js';

const CUSTOM = 'custom';

export function WindowPicker(props: {
  readonly window: TimeWindow;
  readonly onChange: (window: TimeWindow) => void;
}) {
  const { window } = props;
  const [custom, setCustom] = useState(window.kind === 'absolute');
  const endMicros =
    window.kind === 'absolute' ? window.endMicros : Date.now() * 1000;
  const startMicros =
    window.kind === 'absolute' ? window.startMicros : endMicros - 3_600e6;
  const [from, setFrom] = useState(formatTimestamp(startMicros));
  const [to, setTo] = useState(formatTimestamp(endMicros));
  const selected =
    custom || window.kind === 'absolute' ? CUSTOM : window.lookback;
  return (
    <div class="window-picker">
      <label>
        <span class="control-label">Window</span>
        <select
          value={selected}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (isLookback(value)) {
              setCustom(false);
              props.onChange({ kind: 'lookback', lookback: value });
            } else {
              setCustom(true);
            }
          }}
        >
          {LOOKBACKS.map((l) => (
            <option key={l} value={l}>
              Last {l}
            </option>
          ))}
          <option value={CUSTOM}>Custom range…</option>
        </select>
      </label>
      {selected === CUSTOM && (
        <form
          class="custom-range"
          onSubmit={(e) => {
            e.preventDefault();
            const start = parseTimestamp(from);
            const end = parseTimestamp(to);
            if (start !== null && end !== null && start <= end) {
              props.onChange({
                kind: 'absolute',
                startMicros: start,
                endMicros: end,
              });
            }
          }}
        >
          <DateTimeInput label="From" value={from} onInput={setFrom} />
          <DateTimeInput label="To" value={to} onInput={setTo} />
          <button type="submit">Apply</button>
        </form>
      )}
    </div>
  );
}
