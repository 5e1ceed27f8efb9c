import type { Spec } from 'vega';
import type { ModelDefinition } from '../../modelFile.js';
import type { CatalogSchema } from '../catalog.js';
import { layoutLineage } from '../lineageLayout.js';
import { vegaChart } from './chart.js';
import type { ReportChart } from './chart.js';

// Sized so six layers fit the page's 1,030 px without scrolling; long names wrap onto two lines.
const NODE_WIDTH = 140;
const NODE_HEIGHT = 30;
const COLUMN_GAP = 36;
const ROW_GAP = 10;
const LINE_CHARACTERS = 22;
export const SCHEMA_COLOURS: Readonly<Record<string, string>> = {
  sprint_raw: '#bab0ac',
  sprint_digest: '#9d755d',
  sprint_dim: '#4c78a8',
  sprint_stage: '#f58518',
  sprint_mart: '#54a24b',
};

/**
 * The models' lineage drawn by Vega: nodes placed by layoutLineage, edges as curves from each
 * relation to the models that read it. Hovering a node highlights its inputs and readers.
 */
export function lineageChart(models: readonly ModelDefinition[], catalog: readonly CatalogSchema[]): ReportChart {
  const layout = layoutLineage(models);
  const tables = new Map(catalog.flatMap((schema) => schema.tables).map((table) => [`${table.schema}.${table.name}`, table]));
  const nodes = layout.nodes.map((node) => {
    const table = tables.get(node.id);
    const passed = table?.tests.filter((test) => test.status === 'passed').length ?? 0;
    const total = table?.tests.length ?? 0;
    return {
      id: node.id,
      schema: node.schema,
      name: node.name,
      lines: wrapName(node.name),
      x: node.depth * (NODE_WIDTH + COLUMN_GAP),
      y: node.row * (NODE_HEIGHT + ROW_GAP),
      kind: table?.materialized ?? table?.kind ?? 'view',
      tests: total === 0 ? 'none' : `${passed} of ${total} passed`,
      failing: passed < total,
    };
  });
  const position = new Map(nodes.map((node) => [node.id, node]));
  const links = layout.edges.map((edge) => ({
    source: edge.source,
    target: edge.target,
    sx: position.get(edge.source)!.x + NODE_WIDTH,
    sy: position.get(edge.source)!.y + NODE_HEIGHT / 2,
    tx: position.get(edge.target)!.x,
    ty: position.get(edge.target)!.y + NODE_HEIGHT / 2,
  }));
  const schemas = Object.keys(SCHEMA_COLOURS);
  const spec: Spec = {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: layout.columns * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP,
    height: layout.rows * (NODE_HEIGHT + ROW_GAP) - ROW_GAP,
    padding: { left: 2, right: 2, top: 2, bottom: 2 },
    autosize: 'pad',
    signals: [
      {
        name: 'active',
        value: null,
        on: [
          { events: '@node:mouseover', update: 'datum.id' },
          { events: '@node:mouseout', update: 'null' },
        ],
      },
    ],
    data: [
      { name: 'nodes', values: nodes },
      { name: 'links', values: links, transform: [{ type: 'linkpath', sourceX: 'sx', sourceY: 'sy', targetX: 'tx', targetY: 'ty', orient: 'horizontal', shape: 'diagonal' }] },
    ],
    scales: [{ name: 'schema', type: 'ordinal', domain: schemas, range: schemas.map((schema) => SCHEMA_COLOURS[schema]!) }],
    legends: [{ fill: 'schema', orient: 'top', direction: 'horizontal', symbolType: 'square', labelFontSize: 11, offset: 0 }],
    marks: [
      {
        type: 'path',
        from: { data: 'links' },
        encode: {
          update: {
            path: { field: 'path' },
            stroke: { signal: "active && (datum.source === active || datum.target === active) ? '#d62728' : '#9a9a9a'" },
            strokeWidth: { signal: 'active && (datum.source === active || datum.target === active) ? 2.2 : 1' },
            strokeOpacity: { signal: 'active && datum.source !== active && datum.target !== active ? 0.25 : 0.8' },
          },
        },
      },
      {
        type: 'rect',
        name: 'node',
        from: { data: 'nodes' },
        encode: {
          enter: {
            x: { field: 'x' },
            y: { field: 'y' },
            width: { value: NODE_WIDTH },
            height: { value: NODE_HEIGHT },
            cornerRadius: { value: 4 },
            fill: { scale: 'schema', field: 'schema' },
            fillOpacity: { value: 0.2 },
            cursor: { value: 'default' },
            tooltip: { signal: "{title: datum.id, materialized: datum.kind, 'data tests': datum.tests}" },
          },
          update: {
            stroke: { signal: "datum.failing ? '#d62728' : scale('schema', datum.schema)" },
            strokeWidth: { signal: 'datum.id === active || datum.failing ? 2.5 : 1.2' },
          },
        },
      },
      {
        type: 'text',
        from: { data: 'nodes' },
        interactive: false,
        encode: {
          enter: {
            x: { signal: `datum.x + ${NODE_WIDTH / 2}` },
            // Vega anchors the first line of a multi-line text; lift two-line names to centre them.
            y: { signal: `datum.y + ${NODE_HEIGHT / 2} - (length(datum.lines) - 1) * 6` },
            text: { field: 'lines' },
            lineHeight: { value: 12 },
            align: { value: 'center' },
            baseline: { value: 'middle' },
            fontSize: { value: 10.5 },
            fill: { value: '#222' },
            limit: { value: NODE_WIDTH - 8 },
          },
        },
      },
    ],
  };
  return vegaChart({
    id: 'lineage',
    title: 'Lineage of the models',
    caption:
      'Each box is a relation, coloured by schema; curves run from a relation to the models that read it ' +
      '(raw views on the left, marts on the right). A red border marks a relation with a failing data test. Hover a box to trace it.',
    sql: '-- Drawn from the models’ {{ ref() }} and {{ source() }} calls (warehouse/models/), not from a query.',
    spec,
    rows: [...nodes, ...links],
  });
}

/** A long snake_case name split at the underscore nearest its middle, so it fits a box in two lines. */
function wrapName(name: string): string[] {
  if (name.length <= LINE_CHARACTERS) return [name];
  const cuts = [...name.matchAll(/_/g)].map((match) => match.index + 1);
  if (cuts.length === 0) return [name];
  const cut = cuts.reduce((best, index) => (Math.abs(index - name.length / 2) < Math.abs(best - name.length / 2) ? index : best));
  return [name.slice(0, cut), name.slice(cut)];
}
