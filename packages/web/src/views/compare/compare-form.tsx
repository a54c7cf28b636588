/**
 * Chooses the two sides: two time windows (the previous and the last hour
 * by default), or two values of an attribute such as `service.version`
 * within one window. Submitting writes the choice into the URL. A shared
 * link's exact range is shown to the millisecond and kept as is (to the µs)
 * unless the user changes it: "Within" offers the link's range beside the
 * lookbacks, and a date field left untouched keeps the link's value.
 */
import { useState } from 'preact/hooks';
import {
  fromLocalInput,
  toLocalInput,
} from '../../components/window-picker.js';
import { formatTimestamp } from '../../format/format-units.js';
import {
  LOOKBACKS,
  computeWindowSeconds,
  isLookback,
} from '../../state/window-state.js';
import type { Lookback } from '../../state/window-state.js';
import type { CompareMode, CompareState } from './compare-state.js';

const HOUR_MICROS = 3_600_000_000;
const SHARED_RANGE = 'shared';

/** Milliseconds shown only when the value has some, so whole seconds stay short. */
function toExactLocalInput(micros: number): string {
  const text = toLocalInput(micros);
  const millis = Math.floor(micros / 1000) % 1000;
  return millis === 0 ? text : `${text}.${String(millis).padStart(3, '0')}`;
}

/** The link's exact µs while the field still shows it, else the field's value. */
function keepExact(
  value: string,
  shown: string,
  original: number | null,
): number | null {
  return original !== null && value === shown
    ? original
    : fromLocalInput(value);
}

function DateTime(props: {
  readonly label: string;
  readonly value: string;
  readonly onInput: (v: string) => void;
}) {
  return (
    <label>
      <span class="control-label">{props.label}</span>
      <input
        type="datetime-local"
        step={/\.\d{3}$/.test(props.value) ? '0.001' : '1'}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </label>
  );
}

export function CompareForm(props: {
  readonly state: CompareState;
  readonly onSubmit: (state: CompareState) => void;
}) {
  const { state } = props;
  const now = Date.now() * 1000;
  const local = (v: number | null, fallback: number) =>
    toExactLocalInput(v ?? fallback);
  // what the date fields showed first, to tell an untouched field
  const [shown] = useState(() => ({
    bs: local(state.baselineStart, now - 2 * HOUR_MICROS),
    be: local(state.baselineEnd, now - HOUR_MICROS),
    cs: local(state.candidateStart, now - HOUR_MICROS),
    ce: local(state.candidateEnd, now),
  }));
  const [mode, setMode] = useState<CompareMode>(state.mode);
  const [bs, setBs] = useState(shown.bs);
  const [be, setBe] = useState(shown.be);
  const [cs, setCs] = useState(shown.cs);
  const [ce, setCe] = useState(shown.ce);
  const [by, setBy] = useState(state.by);
  const [baseline, setBaseline] = useState(state.baseline);
  const [candidate, setCandidate] = useState(state.candidate);
  const sharedRange =
    state.start !== null && state.end !== null
      ? { start: state.start, end: state.end }
      : null;
  const [within, setWithin] = useState<Lookback | typeof SHARED_RANGE>(
    sharedRange === null ? '1h' : SHARED_RANGE,
  );
  return (
    <form
      class="compare-form panel"
      aria-label="What to compare"
      onSubmit={(e) => {
        e.preventDefault();
        const end = Date.now() * 1000;
        const range =
          mode !== 'versions'
            ? { start: state.start, end: state.end }
            : within === SHARED_RANGE && sharedRange !== null
              ? sharedRange
              : {
                  start:
                    end -
                    computeWindowSeconds({
                      kind: 'lookback',
                      lookback: within === SHARED_RANGE ? '1h' : within,
                    }) *
                      1e6,
                  end,
                };
        props.onSubmit({
          ...state,
          mode,
          baselineStart: keepExact(bs, shown.bs, state.baselineStart),
          baselineEnd: keepExact(be, shown.be, state.baselineEnd),
          candidateStart: keepExact(cs, shown.cs, state.candidateStart),
          candidateEnd: keepExact(ce, shown.ce, state.candidateEnd),
          by: by.trim(),
          baseline: baseline.trim(),
          candidate: candidate.trim(),
          ...range,
        });
      }}
    >
      <fieldset class="segmented">
        <legend class="visually-hidden">Compare</legend>
        {(
          [
            ['windows', 'Two time windows'],
            ['versions', 'Two versions'],
          ] as const
        ).map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name="mode"
              value={value}
              checked={mode === value}
              onChange={() => setMode(value)}
            />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
      {mode === 'windows' ? (
        <div class="compare-sides">
          <fieldset>
            <legend>Baseline</legend>
            <DateTime label="From" value={bs} onInput={setBs} />
            <DateTime label="To" value={be} onInput={setBe} />
          </fieldset>
          <fieldset>
            <legend>Candidate</legend>
            <DateTime label="From" value={cs} onInput={setCs} />
            <DateTime label="To" value={ce} onInput={setCe} />
          </fieldset>
        </div>
      ) : (
        <div class="compare-sides">
          <label>
            <span class="control-label">Attribute</span>
            <input
              type="text"
              value={by}
              onInput={(e) => setBy(e.currentTarget.value)}
            />
          </label>
          <label>
            <span class="control-label">Baseline value</span>
            <input
              type="text"
              placeholder="v1"
              required
              value={baseline}
              onInput={(e) => setBaseline(e.currentTarget.value)}
            />
          </label>
          <label>
            <span class="control-label">Candidate value</span>
            <input
              type="text"
              placeholder="v2"
              required
              value={candidate}
              onInput={(e) => setCandidate(e.currentTarget.value)}
            />
          </label>
          <label>
            <span class="control-label">Within</span>
            <select
              value={within}
              onChange={(e) => {
                const value = e.currentTarget.value;
                if (value === SHARED_RANGE || isLookback(value)) {
                  setWithin(value);
                }
              }}
            >
              {sharedRange !== null && (
                <option value={SHARED_RANGE}>
                  {formatTimestamp(sharedRange.start)} –{' '}
                  {formatTimestamp(sharedRange.end)}
                </option>
              )}
              {LOOKBACKS.map((l) => (
                <option key={l} value={l}>
                  the last {l}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <button type="submit">Compare</button>
    </form>
  );
}
