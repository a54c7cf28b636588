/**
 * The service graph drawn by cytoscape with the dagre layout (callers left,
 * callees right), loaded with this view. Clicking (or tapping) a service
 * calls `onSelectService`.
 */
import type { Core, ElementDefinition } from 'cytoscape';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ERROR_SCALE } from './graph-model.js';

const STYLE = [
  {
    selector: 'node',
    style: {
      shape: 'round-rectangle',
      width: 'label',
      height: 'label',
      padding: '10px',
      label: 'data(label)',
      'text-wrap': 'wrap',
      'text-valign': 'center',
      'text-halign': 'center',
      'font-size': '12px',
      color: '#1c2430',
      // error rate 0 → blue, ERROR_SCALE or more → red
      'background-color': `mapData(errorShare, 0, ${ERROR_SCALE}, #e3ecf8, #f6c9c4)`,
      'border-width': 1.5,
      'border-color': `mapData(errorShare, 0, ${ERROR_SCALE}, #255fa8, #b3261e)`,
    },
  },
  {
    selector: 'node.has-errors',
    style: { 'border-width': 3 },
  },
  { selector: 'node:selected', style: { 'background-color': '#c6d8f0' } },
  {
    selector: 'edge',
    style: {
      width: 'mapData(calls, 1, 1000, 1.5, 6)',
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'line-color': `mapData(errorShare, 0, ${ERROR_SCALE}, #8d96a3, #b3261e)`,
      'target-arrow-color': `mapData(errorShare, 0, ${ERROR_SCALE}, #8d96a3, #b3261e)`,
      label: 'data(label)',
      'font-size': '10px',
      color: '#4f5b6b',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.9,
      'text-background-padding': '2px',
      'text-rotation': 'autorotate',
    },
  },
];

let dagreRegistered = false;

export function GraphCanvas(props: {
  readonly elements: readonly ElementDefinition[];
  readonly onSelectService: (service: string) => void;
  /** Called with the drawn graph (tests read its elements' colours). */
  readonly onReady?: (cy: Core) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const select = useRef(props.onSelectService);
  select.current = props.onSelectService;
  const onReady = useRef(props.onReady);
  onReady.current = props.onReady;
  const [failed, setFailed] = useState(false);
  const key = JSON.stringify(props.elements);
  useEffect(() => {
    let disposed = false;
    let cy: Core | undefined;
    Promise.all([import('cytoscape'), import('cytoscape-dagre')]).then(
      ([{ default: cytoscape }, { default: dagre }]) => {
        if (disposed || ref.current === null) {
          return;
        }
        if (!dagreRegistered) {
          cytoscape.use(dagre);
          dagreRegistered = true;
        }
        cy = cytoscape({
          container: ref.current,
          elements: [...props.elements],
          style: STYLE as unknown as cytoscape.StylesheetJson,
          layout: {
            name: 'dagre',
            rankDir: 'LR',
            nodeSep: 24,
            rankSep: 220,
            edgeSep: 12,
          } as cytoscape.LayoutOptions,
          wheelSensitivity: 0.3,
          maxZoom: 2,
        });
        onReady.current?.(cy);
        cy.on('tap', 'node', (e) =>
          select.current((e.target as cytoscape.NodeSingular).id()),
        );
      },
      () => setFailed(true),
    );
    return () => {
      disposed = true;
      cy?.destroy();
    };
  }, [key]);
  return (
    <div class="graph-box">
      {failed && <p role="alert">The graph library failed to load.</p>}
      <div
        ref={ref}
        class="graph-canvas"
        data-testid="service-graph"
        role="img"
        aria-label="Service graph: services and the calls between them; the table below lists the same calls"
      />
    </div>
  );
}
