/**
 * The virtualised waterfall: only the rows in view (plus a few) are in the
 * DOM, so traces of 100k spans scroll smoothly. Keyboard: ↑/↓ select, ←/→
 * collapse/expand, Home/End jump; the tree is labelled for screen readers.
 * Which rows are collapsed is the caller's state (the URL, waterfall-fold.ts).
 */
import type * as preact from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { formatMicros } from '../../format/format-units.js';
import { listParentRows, listVisibleRows } from './waterfall-model.js';
import type { WaterfallModel } from './waterfall-model.js';
import { WaterfallRow } from './waterfall-row.js';
import { useVirtualRows } from './use-virtual-rows.js';

const ROW_HEIGHT_PX = 26;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

export function Waterfall(props: {
  readonly model: WaterfallModel;
  readonly selected: number | null;
  readonly onSelect: (index: number) => void;
  readonly collapsed: ReadonlySet<number>;
  readonly onCollapsedChange: (collapsed: ReadonlySet<number>) => void;
  /** Rows matching the find-in-trace text. */
  readonly matches?: ReadonlySet<number>;
  /** Extra tools (find, download) on the toolbar. */
  readonly tools?: preact.ComponentChildren;
}) {
  const { model, selected, collapsed } = props;
  const setCollapsed = props.onCollapsedChange;
  const visible = useMemo(
    () => listVisibleRows(model, collapsed),
    [model, collapsed],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualRows(visible.length, ROW_HEIGHT_PX, scrollRef);

  useEffect(() => {
    if (selected !== null) {
      const position = visible.indexOf(selected);
      if (position >= 0) {
        virtualizer.scrollToIndex(position, { align: 'auto' });
      }
    }
  }, [selected, visible]);

  const toggle = (index: number, open?: boolean) => {
    const next = new Set(collapsed);
    const close = open === undefined ? !next.has(index) : !open;
    if (close) {
      next.add(index);
    } else {
      next.delete(index);
    }
    setCollapsed(next);
  };
  const selectAt = (position: number) => {
    const clamped = Math.max(0, Math.min(visible.length - 1, position));
    const index = visible[clamped];
    if (index !== undefined) {
      props.onSelect(index);
      virtualizer.scrollToIndex(clamped, { align: 'auto' });
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const position = selected === null ? -1 : visible.indexOf(selected);
    const current = selected === null ? undefined : model.spans[selected];
    const hasChildren =
      current !== undefined &&
      selected !== null &&
      current.subtreeEnd > selected + 1;
    const actions: Record<string, () => void> = {
      ArrowDown: () => selectAt(position + 1),
      ArrowUp: () => selectAt(position - 1),
      Home: () => selectAt(0),
      End: () => selectAt(visible.length - 1),
      ArrowLeft: () => hasChildren && toggle(selected!, false),
      ArrowRight: () => hasChildren && toggle(selected!, true),
    };
    const action = actions[e.key];
    if (action !== undefined) {
      e.preventDefault();
      action();
    }
  };

  return (
    <div class="waterfall">
      <div class="wf-tools">
        <button type="button" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button
          type="button"
          onClick={() =>
            setCollapsed(new Set(listParentRows(model).filter((i) => i > 0)))
          }
        >
          Collapse all
        </button>
        <span class="muted">
          {visible.length.toLocaleString('en-US')} of{' '}
          {model.spans.length.toLocaleString('en-US')} spans shown
        </span>
        {props.tools}
      </div>
      <div class="wf-header" aria-hidden="true">
        <div class="wf-name">Service · operation</div>
        <div class="wf-timeline">
          {TICKS.map((t) => (
            <span key={t} class="wf-tick" style={{ left: `${t * 100}%` }}>
              {formatMicros(model.durationMicros * t)}
            </span>
          ))}
        </div>
      </div>
      <div
        ref={scrollRef}
        class="wf-scroll"
        role="tree"
        aria-label={`Spans of trace ${model.traceId}`}
        tabIndex={0}
        aria-activedescendant={
          selected === null ? undefined : `wf-row-${selected}`
        }
        onKeyDown={onKeyDown}
      >
        <div
          class="wf-canvas"
          style={{ height: `${virtualizer.getTotalSize()}px` }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const index = visible[item.index]!;
            const row = model.spans[index]!;
            return (
              <WaterfallRow
                key={index}
                row={row}
                index={index}
                traceMicros={model.durationMicros}
                topPx={item.start}
                selected={selected === index}
                collapsed={collapsed.has(index)}
                hasChildren={row.subtreeEnd > index + 1}
                onSelect={props.onSelect}
                onToggle={(i) => toggle(i)}
                match={props.matches?.has(index) === true}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
