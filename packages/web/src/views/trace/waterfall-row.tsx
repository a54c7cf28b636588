/** One span of the waterfall: indented name with its role, and its bar on the trace's time axis. */
import { formatMicros } from '../../format/format-units.js';
import type { WaterfallSpan } from './waterfall-model.js';

const MAX_INDENT_LEVELS = 30;

export function WaterfallRow(props: {
  readonly row: WaterfallSpan;
  readonly index: number;
  readonly traceMicros: number;
  readonly topPx: number;
  readonly selected: boolean;
  readonly collapsed: boolean;
  readonly hasChildren: boolean;
  readonly onSelect: (index: number) => void;
  readonly onToggle: (index: number) => void;
  /** The span matches the find-in-trace text. */
  readonly match?: boolean;
}) {
  const { row } = props;
  const scale = props.traceMicros > 0 ? 100 / props.traceMicros : 0;
  const left = row.offsetMicros * scale;
  const width = Math.max(row.durationMicros * scale, 0.15);
  const critical = row.criticalMicros > 0;
  const classes = [
    'wf-row',
    `role-${row.role}`,
    critical ? 'critical' : '',
    props.selected ? 'selected' : '',
    row.error ? 'error' : '',
    props.match === true ? 'match' : '',
  ]
    .filter((c) => c !== '')
    .join(' ');
  return (
    <div
      id={`wf-row-${props.index}`}
      class={classes}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={props.selected}
      aria-expanded={props.hasChildren ? !props.collapsed : undefined}
      style={{ transform: `translateY(${props.topPx}px)` }}
      onClick={() => props.onSelect(props.index)}
    >
      <div
        class="wf-name"
        style={{
          paddingLeft: `${Math.min(row.depth, MAX_INDENT_LEVELS) * 12 + 4}px`,
        }}
      >
        {props.hasChildren ? (
          <span
            class="wf-toggle"
            aria-hidden="true"
            onClick={(e) => {
              e.stopPropagation();
              props.onToggle(props.index);
            }}
          >
            {props.collapsed ? '▸' : '▾'}
          </span>
        ) : (
          <span class="wf-toggle" aria-hidden="true" />
        )}
        <span class="wf-service">{row.span.service}</span>{' '}
        <span class="wf-op">{row.span.operation}</span>
        {row.role === 'hop' && (
          <span class="badge hop-badge">hop {row.hopLabel}</span>
        )}
        {row.role === 'proxy' && <span class="badge neutral">proxy</span>}
        {row.error && <span class="badge anomaly">error</span>}
        {row.span.events.length > 0 && (
          <span
            class="badge neutral"
            title={`${row.span.events.length} events (logs)`}
          >
            {row.span.events.length} log
            {row.span.events.length === 1 ? '' : 's'}
          </span>
        )}
        {critical && (
          <span class="visually-hidden">, on the critical path</span>
        )}
      </div>
      <div class="wf-timeline">
        <span class="wf-bar" style={{ left: `${left}%`, width: `${width}%` }} />
        {row.criticalSegments.map(([a, b], i) => (
          <span
            key={i}
            class="wf-critical-seg"
            style={{
              left: `${a * scale}%`,
              width: `${Math.max((b - a) * scale, 0.1)}%`,
            }}
          />
        ))}
        {row.eventOffsets.map((t, i) => (
          <span
            key={`e${i}`}
            class="wf-event"
            style={{ left: `${t * scale}%` }}
            title={row.span.events[i]?.name}
          />
        ))}
        <span class="wf-duration">{formatMicros(row.durationMicros)}</span>
      </div>
    </div>
  );
}
