/** households.csv: each household, its unit, room and tags. */
import type { CsvSource } from './csv.js';
import { listOf, MAX_TEXT_LENGTH } from './district-format.js';
import { IdLines, readRows, type Report, type Row } from './file-rows.js';
import type { Nodes } from './node-rows.js';

/** A household read (its residents are checked once residents.csv is read: see cross-references.ts). */
export interface HouseholdRow {
  line: number;
  id: string;
  unitId: string;
  room: string;
  /** Distinct, trimmed, non-empty. */
  tags: string[];
}

export interface Households {
  /** False when the header is wrong: nothing is checked against households.csv then. */
  usable: boolean;
  /** Every id households.csv defines, rows with problems included. */
  ids: IdLines;
  /** Every row but broken ones and duplicates, in the file's order. */
  rows: HouseholdRow[];
}

/** The unit a household names: a node of nodes.csv (unless that file cannot be read), and a unit. */
function checkUnit(unitId: string, line: number, nodes: Nodes, report: Report): void {
  const unit = nodes.valid.get(unitId);
  if (nodes.usable && !nodes.ids.has(unitId)) {
    report(line, `unknown unit_id "${unitId}" (not an id in nodes.csv)`);
  } else if (unit && unit.type !== 'unit') {
    report(line, `unit_id "${unitId}" is a ${unit.type} (nodes.csv line ${unit.line}), not a unit`);
  }
}

/** A household's tags: none too long, and (when the district's are given) only the district's. */
function tagsOf(row: Row, allowedTags: ReadonlySet<string> | undefined, report: Report): string[] {
  const tags = listOf(row.values.tags ?? '');
  if (tags.some((tag) => tag.length > MAX_TEXT_LENGTH)) {
    report(row.line, `a tag is longer than ${MAX_TEXT_LENGTH} characters`);
  }
  const unknown = allowedTags ? tags.filter((tag) => !allowedTags.has(tag)) : [];
  if (unknown.length > 0) {
    report(
      row.line,
      `${unknown.map((tag) => `"${tag}"`).join(', ')} ${unknown.length === 1 ? 'is not a tag' : 'are not tags'} ` +
        `this district records (${[...(allowedTags ?? [])].join(', ')})`,
    );
  }
  return tags;
}

/** Reads households.csv against nodes.csv: ids (not a node's), units, one household a room, tags. */
export async function readHouseholds(
  source: CsvSource,
  report: Report,
  nodes: Nodes,
  allowedTags: ReadonlySet<string> | undefined,
): Promise<Households> {
  const ids = new IdLines();
  const rows: HouseholdRow[] = [];
  const rooms = new Map<string, number>();
  const usable = await readRows('households', source, report, (row) => {
    if (row.broken) return ids.noteBroken(row);
    const { id = '', unit_id: unitId = '', room = '' } = row.values;
    const idCheck = ids.check(id, row.line, report);
    if (idCheck === 'duplicate') return;
    const node = idCheck === 'new' ? nodes.ids.lineOf(id) : undefined;
    if (node !== undefined) {
      report(
        row.line,
        `id "${id}" is already a node (nodes.csv line ${node}); households and nodes share ids`,
      );
    }
    checkUnit(unitId, row.line, nodes, report);
    if (room.length > MAX_TEXT_LENGTH) report(row.line, `room is longer than ${MAX_TEXT_LENGTH} characters`);
    const roomKey = `${unitId}\u0000${room}`;
    const sameRoom = rooms.get(roomKey);
    if (sameRoom !== undefined) {
      report(row.line, `room "${room}" of unit "${unitId}" is already the household on line ${sameRoom}`);
    } else {
      rooms.set(roomKey, row.line);
    }
    rows.push({ line: row.line, id, unitId, room, tags: tagsOf(row, allowedTags, report) });
  });
  return { usable, ids, rows };
}
