/** Lookback menu (5m … 2d, like Jaeger's) or an absolute range of two local date-times. */
import { useState } from 'preact/hooks';
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
  const [from, setFrom] = useState(toLocalInput(startMicros));
  const [to, setTo] = useState(toLocalInput(endMicros));
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
            const start = fromLocalInput(from);
            const end = fromLocalInput(to);
            if (start !== null && end !== null && start <= end) {
              props.onChange({
                kind: 'absolute',
                startMicros: start,
                endMicros: end,
              });
            }
          }}
        >
          <label>
            <span class="control-label">From</span>
            <input
              type="datetime-local"
              step="1"
              value={from}
              onInput={(e) => setFrom(e.currentTarget.value)}
            />
          </label>
          <label>
            <span class="control-label">To</span>
            <input
              type="datetime-local"
              step="1"
              value={to}
              onInput={(e) => setTo(e.currentTarget.value)}
            />
          </label>
          <button type="submit">Apply</button>
        </form>
      )}
    </div>
  );
}

/** µs since the epoch → the value of a `datetime-local` input (local time). */
export function toLocalInput(micros: number): string {
  const d = new Date(micros / 1000);
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}

export function fromLocalInput(value: string): number | null {
  const millis = new Date(value).getTime();
  return Number.isFinite(millis) ? millis * 1000 : null;
}
