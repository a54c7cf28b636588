/**
 * Chooses the two sides: two time windows (the previous and the last hour
 * by default), or two values of an attribute such as `service.version`
 * within one window — the values offered are the ones the window's spans
 * carry (`/api/attributes/{key}/values`), with how many spans carry each.
 * Submitting writes the choice into the URL. Dates are typed and shown as
 * everywhere in the UI (`2025-01-15 11:50:00.000`, local time); a shared
 * link's exact range is kept as is (to the µs) unless the user edits it.
 */
import { useState } from 'preact/hooks';
import { useApi } from '../../api/use-api.js';
import { DateTimeInput } from '../../components/date-time-input.js';
import {
  formatCount,
  formatTimestamp,
  parseTimestamp,
} from '../../format/format-units.js';
import { isLookback, LOOKBACKS } from '../../state/window-state.js';
import type { Lookback } from '../../state/window-state.js';
import type { CompareMode, CompareState } from './compare-state.js';

const HOUR_MICROS = 3_600_000_000;
const SHARED_RANGE = 'shared';
/** Attributes a comparison is usually split by, offered as suggestions. */
const COMMON_ATTRIBUTES = [
  'service.version',
  'deployment.environment.name',
  'k8s.pod.name',
  'host.name',
  'cloud.region',
];

/** The link's exact µs while the field still shows it, else the field's value. */
function keepExact(
  value: string,
  shown: string,
  original: number | null,
): number | null {
  return original !== null && value === shown
    ? original
    : parseTimestamp(value);
}

/** A value chooser: the values the window holds, or free text while they load or when there are none. */
function ValuePicker(props: {
  readonly label: string;
  readonly value: string;
  readonly values: readonly { value: string; spans: number }[] | null;
  readonly onChange: (value: string) => void;
}) {
  if (props.values === null || props.values.length === 0) {
    return (
      <label>
        <span class="control-label">{props.label}</span>
        <input
          type="text"
          placeholder={
            props.values === null ? 'loading values…' : 'no values found'
          }
          required
          value={props.value}
          onInput={(e) => props.onChange(e.currentTarget.value)}
        />
      </label>
    );
  }
  const known = props.values.some((v) => v.value === props.value);
  return (
    <label>
      <span class="control-label">{props.label}</span>
      <select
        required
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="">choose a value</option>
        {!known && props.value !== '' && (
          <option value={props.value}>{props.value} (not in the window)</option>
        )}
        {props.values.map((v) => (
          <option key={v.value} value={v.value}>
            {v.value} ({formatCount(v.spans)} spans)
          </option>
        ))}
      </select>
    </label>
  );
}

export function CompareForm(props: {
  readonly state: CompareState;
  readonly onSubmit: (state: CompareState) => void;
}) {
  const { state } = props;
  const now = Date.now() * 1000;
  // what the date fields showed first, to tell an untouched field
  const [shown] = useState(() => ({
    bs: formatTimestamp(state.baselineStart ?? now - 2 * HOUR_MICROS),
    be: formatTimestamp(state.baselineEnd ?? now - HOUR_MICROS),
    cs: formatTimestamp(state.candidateStart ?? now - HOUR_MICROS),
    ce: formatTimestamp(state.candidateEnd ?? now),
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
    sharedRange !== null ? SHARED_RANGE : (state.lookback ?? '1h'),
  );
  const windowParams: [string, string][] =
    within === SHARED_RANGE && sharedRange !== null
      ? [
          ['start', String(sharedRange.start)],
          ['end', String(sharedRange.end)],
        ]
      : [['lookback', within === SHARED_RANGE ? '1h' : within]];
  const valuesParams: [string, string][] = [
    ...windowParams,
    ...(state.service === undefined
      ? []
      : [['service', state.service] as [string, string]]),
    ['limit', '200'],
  ];
  const key = by.trim();
  const values = useApi(
    mode === 'versions' && key !== ''
      ? `values:${key}:${JSON.stringify(valuesParams)}`
      : 'values:none',
    (client, signal) =>
      mode === 'versions' && key !== ''
        ? client.getAttributeValues(key, valuesParams, signal)
        : Promise.resolve(null),
  );
  const offered =
    values.status === 'ok'
      ? (values.data?.values ?? [])
      : values.status === 'error'
        ? []
        : null;
  return (
    <form
      class="compare-form panel"
      aria-label="What to compare"
      onSubmit={(e) => {
        e.preventDefault();
        const range =
          mode !== 'versions'
            ? { start: state.start, end: state.end, lookback: state.lookback }
            : within === SHARED_RANGE && sharedRange !== null
              ? { ...sharedRange, lookback: null }
              : {
                  start: null,
                  end: null,
                  lookback: within === SHARED_RANGE ? '1h' : within,
                };
        props.onSubmit({
          ...state,
          mode,
          baselineStart: keepExact(bs, shown.bs, state.baselineStart),
          baselineEnd: keepExact(be, shown.be, state.baselineEnd),
          candidateStart: keepExact(cs, shown.cs, state.candidateStart),
          candidateEnd: keepExact(ce, shown.ce, state.candidateEnd),
          by: key,
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
            <DateTimeInput label="From" value={bs} onInput={setBs} />
            <DateTimeInput label="To" value={be} onInput={setBe} />
          </fieldset>
          <fieldset>
            <legend>Candidate</legend>
            <DateTimeInput label="From" value={cs} onInput={setCs} />
            <DateTimeInput label="To" value={ce} onInput={setCe} />
          </fieldset>
        </div>
      ) : (
        <div class="compare-sides">
          <label>
            <span class="control-label">Attribute</span>
            <input
              type="text"
              list="compare-attributes"
              value={by}
              onChange={(e) => setBy(e.currentTarget.value)}
            />
            <datalist id="compare-attributes">
              {COMMON_ATTRIBUTES.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
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
          <ValuePicker
            label="Baseline value"
            value={baseline}
            values={offered}
            onChange={setBaseline}
          />
          <ValuePicker
            label="Candidate value"
            value={candidate}
            values={offered}
            onChange={setCandidate}
          />
        </div>
      )}
      <button type="submit">Compare</button>
    </form>
  );
}
