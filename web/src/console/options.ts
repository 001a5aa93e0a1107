import type { AreaNode } from './areas';

/** A select's options from a code → name table (statuses, priorities, levels). */
export const namedOptions = (names: Record<string, string>, codes: readonly string[] = Object.keys(names)) =>
  codes.map((code) => ({ value: code, label: names[code] ?? code }));

/** A select's options from nodes (communities, grids). */
export const nodeOptions = (nodes: readonly AreaNode[]) =>
  nodes.map((node) => ({ value: node.id, label: node.name ?? node.id }));
