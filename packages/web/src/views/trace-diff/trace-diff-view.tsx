/**
 * View: trace against trace (`/trace-diff?a=<id>&b=<id>`), the latency diff
 * Jaeger's trace compare lacks: both traces analysed by the engine, their
 * hops aligned (align-hop-trees.ts), each with its duration, self time and
 * CPU on both sides and the difference B − A, and the hops found in only
 * one. A is the reference (a typical request), B the one examined.
 */
import { analyzeTrace, decodeJaegerTrace } from '@pathprof/engine';
import type { TraceId } from '@pathprof/model';
import { useMemo, useState } from 'preact/hooks';
import type { JaegerTrace } from '../../api/api-types.js';
import { useApi } from '../../api/use-api.js';
import {
  ErrorMessage,
  StatusMessage,
} from '../../components/status-message.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { formatMicros } from '../../format/format-units.js';
import {
  buildPathDetailPath,
  buildTracePath,
  buildUrl,
} from '../../state/build-url.js';
import { useUrlQuery } from '../../state/use-url-query.js';
import type { DiffRow, HopMeasures } from './align-hop-trees.js';
import { alignHopTrees, findLargestSelfIncrease } from './align-hop-trees.js';

/** Differences smaller than this share of the larger side, or than 0.1 ms, read as equal. */
const NOISE_SHARE = 0.05;
const NOISE_MICROS = 100;

function analyze(trace: JaegerTrace) {
  const decoded = decodeJaegerTrace(trace);
  const id = (decoded.spans[0]?.traceId ?? trace.traceID) as TraceId;
  return analyzeTrace(id, decoded.spans);
}

function Delta(props: {
  readonly a: number | null | undefined;
  readonly b: number | null | undefined;
}) {
  const { a, b } = props;
  if (a === null || a === undefined || b === null || b === undefined) {
    return <td class="num muted">–</td>;
  }
  const delta = b - a;
  const noise = Math.max(NOISE_MICROS, NOISE_SHARE * Math.max(a, b));
  const cls =
    Math.abs(delta) < noise ? '' : delta > 0 ? 'delta-worse' : 'delta-better';
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  return (
    <td class={`num ${cls}`}>
      {sign}
      {formatMicros(Math.abs(delta))}
    </td>
  );
}

function Side(props: {
  readonly m: HopMeasures | null;
  readonly pick: (m: HopMeasures) => number | null;
}) {
  return (
    <td class="num">
      {props.m === null ? (
        <span class="muted">–</span>
      ) : (
        formatMicros(props.pick(props.m))
      )}
    </td>
  );
}

function DiffTable(props: {
  readonly rows: readonly DiffRow[];
  readonly aId: string;
  readonly bId: string;
}) {
  const max = Math.max(
    1,
    ...props.rows.flatMap((r) => [
      r.a?.durationMicros ?? 0,
      r.b?.durationMicros ?? 0,
    ]),
  );
  return (
    <div class="table-scroll">
      <table class="data-table diff-table">
        <caption class="visually-hidden">
          Hops of trace A and trace B, aligned, with the difference B − A
        </caption>
        <thead>
          <tr>
            <th scope="col">Hop</th>
            <th scope="col">Duration A · B</th>
            <th scope="col" class="num">
              Duration A
            </th>
            <th scope="col" class="num">
              Duration B
            </th>
            <th scope="col" class="num">
              Δ duration
            </th>
            <th scope="col" class="num">
              Self A
            </th>
            <th scope="col" class="num">
              Self B
            </th>
            <th scope="col" class="num">
              Δ self
            </th>
            <th scope="col" class="num">
              CPU A
            </th>
            <th scope="col" class="num">
              CPU B
            </th>
            <th scope="col" class="num">
              Δ CPU
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr key={i} class={r.a === null || r.b === null ? 'only-one' : ''}>
              <th scope="row" style={{ paddingLeft: `${8 + r.depth * 16}px` }}>
                <code>{r.label}</code>{' '}
                {r.a === null && (
                  <span class="badge warn only-badge">only in B</span>
                )}
                {r.b === null && (
                  <span class="badge warn only-badge">only in A</span>
                )}
                {(r.a?.error === true || r.b?.error === true) && ' '}
                {(r.a?.error === true || r.b?.error === true) && (
                  <span class="badge anomaly only-badge">
                    error in {r.a?.error === true ? 'A' : ''}
                    {r.a?.error === true && r.b?.error === true ? ' and ' : ''}
                    {r.b?.error === true ? 'B' : ''}
                  </span>
                )}
              </th>
              <td class="bar-cell" aria-hidden="true">
                {r.a !== null && (
                  <a
                    href={buildTracePath(props.aId) + `?span=${r.a.spanId}`}
                    tabIndex={-1}
                  >
                    <span
                      class="diff-bar side-a"
                      style={{ width: `${(r.a.durationMicros / max) * 100}%` }}
                    />
                  </a>
                )}
                {r.b !== null && (
                  <a
                    href={buildTracePath(props.bId) + `?span=${r.b.spanId}`}
                    tabIndex={-1}
                  >
                    <span
                      class="diff-bar side-b"
                      style={{ width: `${(r.b.durationMicros / max) * 100}%` }}
                    />
                  </a>
                )}
              </td>
              <Side m={r.a} pick={(m) => m.durationMicros} />
              <Side m={r.b} pick={(m) => m.durationMicros} />
              <Delta a={r.a?.durationMicros} b={r.b?.durationMicros} />
              <Side m={r.a} pick={(m) => m.selfMicros} />
              <Side m={r.b} pick={(m) => m.selfMicros} />
              <Delta a={r.a?.selfMicros} b={r.b?.selfMicros} />
              <Side m={r.a} pick={(m) => m.cpuMicros} />
              <Side m={r.b} pick={(m) => m.cpuMicros} />
              <Delta a={r.a?.cpuMicros} b={r.b?.cpuMicros} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DiffBody(props: {
  readonly a: JaegerTrace;
  readonly b: JaegerTrace;
  readonly aId: string;
  readonly bId: string;
  readonly path: string | null;
}) {
  const model = useMemo(() => {
    const a = analyze(props.a);
    const b = analyze(props.b);
    const rows = alignHopTrees(a, b);
    const span = (t: ReturnType<typeof analyze>) =>
      t.tree.nodes.reduce(
        (acc, n) => ({
          start: Math.min(acc.start, n.startMicros),
          end: Math.max(acc.end, n.endMicros),
        }),
        { start: Infinity, end: -Infinity },
      );
    const da = span(a);
    const db = span(b);
    return {
      rows,
      durationA: da.end - da.start,
      durationB: db.end - db.start,
      largest: findLargestSelfIncrease(rows),
      onlyA: rows.filter((r) => r.b === null).length,
      onlyB: rows.filter((r) => r.a === null).length,
    };
  }, [props.a, props.b]);
  const { largest } = model;
  return (
    <>
      <dl class="summary-grid" data-testid="diff-summary">
        <div>
          <dt>A (reference)</dt>
          <dd>
            <a href={buildTracePath(props.aId)}>
              <code>{props.aId}</code>
            </a>{' '}
            {formatMicros(model.durationA)}
          </dd>
        </div>
        <div>
          <dt>B (examined)</dt>
          <dd>
            <a href={buildTracePath(props.bId)}>
              <code>{props.bId}</code>
            </a>{' '}
            {formatMicros(model.durationB)}
          </dd>
        </div>
        <div>
          <dt>Hops only in A · only in B</dt>
          <dd>
            {model.onlyA} · {model.onlyB}
          </dd>
        </div>
      </dl>
      {largest !== null && largest.a !== null && largest.b !== null && (
        <p class="callout" data-testid="diff-headline">
          B takes {formatMicros(model.durationB - model.durationA)}{' '}
          {model.durationB >= model.durationA ? 'longer' : 'less'} than A;{' '}
          <strong>
            <code>{largest.label}</code>
          </strong>{' '}
          spent {formatMicros(largest.b.selfMicros - largest.a.selfMicros)} more
          in itself (self {formatMicros(largest.a.selfMicros)} →{' '}
          {formatMicros(largest.b.selfMicros)}
          {largest.a.cpuMicros !== null && largest.b.cpuMicros !== null && (
            <>
              , CPU {formatMicros(largest.a.cpuMicros)} →{' '}
              {formatMicros(largest.b.cpuMicros)}
            </>
          )}
          ).
        </p>
      )}
      {props.path !== null && (
        <p>
          Requests of the path{' '}
          <a href={buildPathDetailPath(props.path)}>
            <code>{props.path}</code>
          </a>
          .
        </p>
      )}
      <DiffTable rows={model.rows} aId={props.aId} bId={props.bId} />
    </>
  );
}

function PickForm(props: { readonly a: string; readonly b: string }) {
  const { navigate } = useUrlQuery();
  const [a, setA] = useState(props.a);
  const [b, setB] = useState(props.b);
  return (
    <form
      class="filter-form panel"
      aria-label="Traces to compare"
      onSubmit={(e) => {
        e.preventDefault();
        if (a.trim() !== '' && b.trim() !== '') {
          navigate(
            buildUrl('/trace-diff', [
              ['a', a.trim()],
              ['b', b.trim()],
            ]),
          );
        }
      }}
    >
      <label>
        <span class="control-label">Trace A (reference)</span>
        <input
          type="text"
          size={34}
          value={a}
          onInput={(e) => setA(e.currentTarget.value)}
        />
      </label>
      <label>
        <span class="control-label">Trace B (examined)</span>
        <input
          type="text"
          size={34}
          value={b}
          onInput={(e) => setB(e.currentTarget.value)}
        />
      </label>
      <button type="submit">Compare traces</button>
    </form>
  );
}

export function TraceDiffView() {
  usePageTitle('Trace diff');
  const { query } = useUrlQuery();
  const aId = query.get('a') ?? '';
  const bId = query.get('b') ?? '';
  const path = query.get('path');
  const ready = aId !== '' && bId !== '';
  const traces = useApi(`diff:${aId}:${bId}`, (client, signal) =>
    ready
      ? Promise.all([
          client.getTrace(aId, signal),
          client.getTrace(bId, signal),
        ])
      : Promise.resolve(null),
  );
  return (
    <section class="view" aria-labelledby="diff-title">
      <div class="view-header">
        <h1 id="diff-title">Trace against trace</h1>
        <p class="sub">
          Hops aligned; B − A per hop for duration, self time and CPU.
        </p>
      </div>
      <PickForm key={`${aId}:${bId}`} a={aId} b={bId} />
      {!ready && (
        <StatusMessage kind="empty" title="Give two trace ids">
          Or tick two traces in Search, or follow “vs typical” from a path.
        </StatusMessage>
      )}
      {ready && traces.status === 'loading' && (
        <StatusMessage kind="loading" title="Loading both traces…" />
      )}
      {ready && traces.status === 'error' && (
        <ErrorMessage error={traces.error} />
      )}
      {ready && traces.status === 'ok' && traces.data !== null && (
        <DiffBody
          a={traces.data[0]}
          b={traces.data[1]}
          aId={aId}
          bId={bId}
          path={path}
        />
      )}
    </section>
  );
}
