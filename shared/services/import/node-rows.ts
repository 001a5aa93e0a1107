/** nodes.csv: the streets, communities, grids, buildings and units. */
import type { CsvSource } from './csv.js';
import { MAX_TEXT_LENGTH, NODE_LEVELS, type NodeLevel } from './district-format.js';
import { readEntities, type FileEntities, type Report } from './file-rows.js';

/** A valid row of nodes.csv (its parent is checked once every node is read: see cross-references.ts). */
export interface NodeRow {
  line: number;
  type: NodeLevel;
  name: string;
  parentId: string;
}

export type Nodes = FileEntities<NodeRow>;

/** Reads nodes.csv: ids, types and names. */
export function readNodes(source: CsvSource, report: Report): Promise<Nodes> {
  return readEntities('nodes', source, report, (row) => {
    const { type = '', name = '', parent_id: parentId = '' } = row.values;
    let ok = true;
    if (!(NODE_LEVELS as string[]).includes(type)) {
      report(row.line, `type "${type}" is not one of ${NODE_LEVELS.join(', ')}`);
      ok = false;
    }
    if (name.length > MAX_TEXT_LENGTH) {
      report(row.line, `name is longer than ${MAX_TEXT_LENGTH} characters`);
      ok = false;
    }
    return ok ? { line: row.line, type: type as NodeLevel, name, parentId } : undefined;
  });
}
