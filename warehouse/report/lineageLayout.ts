import type { ModelDefinition } from '../modelFile.js';
import { RAW_SCHEMA } from '../rawViews.js';
import { DIGEST_SCHEMA } from '../heartbeatDigest/digestTables.js';
import { DIGEST_INPUT, sourceRelation } from '../sourceRelations.js';

export interface LineageNode {
  /** `schema.name`. */
  id: string;
  schema: string;
  name: string;
  /** Column: 0 for raw views, else one more than the deepest relation it reads. */
  depth: number;
  /** Vertical position in rows from the top; columns are centred, so it can be fractional. */
  row: number;
}

export interface LineageEdge {
  source: string;
  target: string;
}

export interface LineageLayout {
  nodes: LineageNode[];
  edges: LineageEdge[];
  columns: number;
  rows: number;
}

/**
 * A layered drawing of the model graph: each relation in the column after its deepest input, and
 * each column ordered by the mean row of its inputs (a few sweeps of the barycentre heuristic), so
 * most edges run straight and few cross.
 */
export function layoutLineage(models: readonly ModelDefinition[]): LineageLayout {
  const byName = new Map(models.map((model) => [model.name, model]));
  const idOf = (model: ModelDefinition) => `${model.schema}.${model.name}`;
  const edges: LineageEdge[] = models.flatMap((model) => [
    ...model.sources.map((source) => ({ source: sourceRelation(source), target: idOf(model) })),
    ...model.refs.map((ref) => ({ source: idOf(byName.get(ref)!), target: idOf(model) })),
  ]);
  // The heartbeat digest's tables are computed from the heartbeat view, one column after it.
  const digestTables = [...new Set(edges.map((edge) => edge.source).filter((source) => source.startsWith(`${DIGEST_SCHEMA}.`)))];
  edges.push(...digestTables.map((table) => ({ source: DIGEST_INPUT, target: table })));
  const depth = new Map<string, number>();
  for (const edge of edges) if (edge.source.startsWith(`${RAW_SCHEMA}.`)) depth.set(edge.source, 0);
  for (const table of digestTables) depth.set(table, 1);
  // loadModels returns the models in dependency order, so every input's depth is known first.
  for (const model of models) {
    const inputs = edges.filter((edge) => edge.target === idOf(model)).map((edge) => depth.get(edge.source) ?? 0);
    depth.set(idOf(model), inputs.length === 0 ? 0 : Math.max(...inputs) + 1);
  }

  const columns = Math.max(0, ...depth.values()) + 1;
  const layers: string[][] = Array.from({ length: columns }, () => []);
  for (const [id, column] of [...depth.entries()].sort((a, b) => a[0].localeCompare(b[0]))) layers[column]!.push(id);
  // Columns are centred on each other, so a row is a position, not an index, and can be fractional.
  const tallest = Math.max(0, ...layers.map((layer) => layer.length));
  const rowOf = new Map<string, number>();
  const number = () => layers.forEach((layer) => layer.forEach((id, row) => rowOf.set(id, row + (tallest - layer.length) / 2)));
  number();
  const mean = (values: number[]) => (values.length === 0 ? Infinity : values.reduce((sum, value) => sum + value, 0) / values.length);
  for (let sweep = 0; sweep < 4; sweep++) {
    // Left to right by inputs, then right to left by readers; raw views follow the models that read them.
    for (let column = 1; column < columns; column++) {
      const layer = layers[column]!;
      const key = new Map(layer.map((id) => [id, mean(edges.filter((edge) => edge.target === id).map((edge) => rowOf.get(edge.source)!))]));
      layer.sort((a, b) => key.get(a)! - key.get(b)! || a.localeCompare(b));
      number();
    }
    for (let column = columns - 2; column >= 0; column--) {
      const layer = layers[column]!;
      const key = new Map(layer.map((id) => [id, mean(edges.filter((edge) => edge.source === id).map((edge) => rowOf.get(edge.target)!))]));
      layer.sort((a, b) => key.get(a)! - key.get(b)! || a.localeCompare(b));
      number();
    }
  }

  const nodes = layers.flatMap((layer, column) =>
    layer.map((id) => {
      const [schema, name] = id.split('.') as [string, string];
      return { id, schema, name, depth: column, row: rowOf.get(id)! };
    }),
  );
  return { nodes, edges, columns, rows: tallest };
}
