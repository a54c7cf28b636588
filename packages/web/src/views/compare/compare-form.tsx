/**
 * Chooses the two sides: two time windows (the previous and the last hour
 * by default), or two values of an attribute such as `service.version`
 * within one window. Submitting writes the choice into the URL.
 */
import { useState } from 'preact/hooks';
import {
  fromLocalInput,
  toLocalInput,
} from '../../components/window-picker.js';
import {
  LOOKBACKS,
  computeWindowSeconds,
  isLookback,
} from '../../state/window-state.js';
import type { Lookback } from '../../state/window-state.js';
import type { CompareMode, CompareState } from './compare-state.js';

const HOUR_MICROS = 3_600_000_000;

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
        step="1"
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
    toLocalInput(v ?? fallback);
  const [mode, setMode] = useState<CompareMode>(state.mode);
  const [bs, setBs] = useState(
    local(state.baselineStart, now - 2 * HOUR_MICROS),
  );
  const [be, setBe] = useState(local(state.baselineEnd, now - HOUR_MICROS));
  const [cs, setCs] = useState(local(state.candidateStart, now - HOUR_MICROS));
  const [ce, setCe] = useState(local(state.candidateEnd, now));
  const [by, setBy] = useState(state.by);
  const [baseline, setBaseline] = useState(state.baseline);
  const [candidate, setCandidate] = useState(state.candidate);
  const [lookback, setLookback] = useState<Lookback>('1h');
  return (
    <form
      class="compare-form panel"
      aria-label="What to compare"
      onSubmit={(e) => {
        e.preventDefault();
        const end = Date.now() * 1000;
        props.onSubmit({
          ...state,
          mode,
          baselineStart: fromLocalInput(bs),
          baselineEnd: fromLocalInput(be),
          candidateStart: fromLocalInput(cs),
          candidateEnd: fromLocalInput(ce),
          by: by.trim(),
          baseline: baseline.trim(),
          candidate: candidate.trim(),
          start:
            mode === 'versions'
              ? end - computeWindowSeconds({ kind: 'lookback', lookback }) * 1e6
              : state.start,
          end: mode === 'versions' ? end : state.end,
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
            <span class="control-label">Within the last</span>
            <select
              value={lookback}
              onChange={(e) =>
                isLookback(e.currentTarget.value) &&
                setLookback(e.currentTarget.value)
              }
            >
              {LOOKBACKS.map((l) => (
                <option key={l} value={l}>
                  {l}
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
