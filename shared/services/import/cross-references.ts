/**
 * The references that can only be checked once a later file is read too (or the whole file):
 * each row checks the files read before it as it streams in (see *-rows.ts); these are the rest.
 */
import { PARENT_TYPE } from './district-format.js';
import type { Report } from './file-rows.js';
import type { Households } from './household-rows.js';
import type { Nodes } from './node-rows.js';
import type { People } from './people-rows.js';
import type { PostRow } from './post-rows.js';
import type { Residents } from './resident-rows.js';

/** Every node's parent: a street has none, any other node one of the level above it. */
export function checkParents(nodes: Nodes, report: Report): void {
  for (const row of nodes.valid.values()) {
    const wanted = PARENT_TYPE[row.type];
    const { parentId } = row;
    if (wanted === undefined) {
      if (parentId) report(row.line, `a street has no parent, but parent_id is "${parentId}"`);
    } else if (!parentId) {
      report(row.line, `empty "parent_id": a ${row.type} needs a parent ${wanted}`);
    } else if (!nodes.ids.has(parentId)) {
      report(row.line, `unknown parent_id "${parentId}" (not an id in nodes.csv)`);
    } else {
      const parent = nodes.valid.get(parentId);
      if (parent && parent.type !== wanted) {
        report(
          row.line,
          `parent "${parentId}" is a ${parent.type} (line ${parent.line}); the parent of a ${row.type} must be a ${wanted}`,
        );
      }
    }
  }
}

/** Every post's node (a node of nodes.csv, not a household) and holder (a person of people.csv). */
export function checkPosts(
  posts: readonly PostRow[],
  { nodes, people, households }: { nodes: Nodes; people: People; households: Households },
  report: Report,
): void {
  for (const { line, nodeId, personId } of posts) {
    if (nodes.usable && !nodes.ids.has(nodeId)) {
      report(
        line,
        households.ids.has(nodeId)
          ? `"${nodeId}" is a household; only streets, communities, grids, buildings and units have posts`
          : `unknown node_id "${nodeId}" (not an id in nodes.csv)`,
      );
    }
    if (people.usable && !people.ids.has(personId)) {
      report(line, `unknown person_id "${personId}" (not an id in people.csv)`);
    }
  }
}

/** Every household has at least one resident in residents.csv. */
export function checkResidentsOf(households: Households, residents: Residents, report: Report): void {
  if (!residents.usable) return;
  for (const { line, id } of households.rows) {
    if (!residents.of.has(id)) {
      report(line, `household "${id}" has no resident in residents.csv (at least one is needed)`);
    }
  }
}
