/**
 * Reading one file of a district row by row, and the id check every file with ids makes.
 */
import { readCsv, type CsvRecord, type CsvSource } from './csv.js';
import { DISTRICT_COLUMNS, idProblem, OPTIONAL_COLUMNS, type DistrictFile } from './district-format.js';

/** One row of a file: its values by column, trimmed. */
export interface Row {
  line: number;
  values: Record<string, string>;
  /** The row is already reported (field count, empty field): its ids count as known, it is not built. */
  broken: boolean;
}

/** Reports a problem on a line of one file. */
export type Report = (line: number, reason: string) => void;

/** Whether the header names every column once and no unknown one (each problem reported). */
function headerIsRight(header: CsvRecord, expected: readonly string[], report: Report): boolean {
  const columns = header.fields.map((name) => name.trim());
  let right = true;
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) {
      report(header.line, `column "${column}" appears twice in the header`);
      right = false;
    } else if (!expected.includes(column)) {
      report(header.line, `unknown column "${column}" (the columns are ${expected.join(',')})`);
      right = false;
    }
    seen.add(column);
  }
  for (const column of expected.filter((name) => !seen.has(name))) {
    report(header.line, `missing column "${column}" (the columns are ${expected.join(',')})`);
    right = false;
  }
  return right;
}

/** A record as a row of a file whose header is `columns`: field count and empty required fields. */
function rowOf(
  columns: readonly string[],
  required: readonly string[],
  record: CsvRecord,
  report: Report,
): Row {
  const values: Record<string, string> = {};
  columns.forEach((column, index) => (values[column] = (record.fields[index] ?? '').trim()));
  if (record.fields.length !== columns.length) {
    report(record.line, `${record.fields.length} fields where the header has ${columns.length}`);
    return { line: record.line, values, broken: true };
  }
  const empty = required.filter((column) => !values[column]);
  if (empty.length > 0) report(record.line, `empty ${empty.map((column) => `"${column}"`).join(', ')}`);
  return { line: record.line, values, broken: empty.length > 0 };
}

/**
 * Reads one file, handing each row to `take` as it is read (the file is streamed, not held): CSV
 * syntax, the header (every column once, no unknown one), field count, empty fields. Returns false
 * when the header is wrong: the rest of the file is then only checked for CSV syntax, and nothing
 * is checked against the file. An absent (optional) file has no rows.
 */
export async function readRows(
  file: DistrictFile,
  source: CsvSource | undefined,
  report: Report,
  take: (row: Row) => void,
): Promise<boolean> {
  if (source === undefined) return true;
  const expected: readonly string[] = DISTRICT_COLUMNS[file];
  const required = expected.filter((column) => !OPTIONAL_COLUMNS[file]?.includes(column));
  let syntaxProblems = 0;
  let columns: string[] | undefined;
  let usable = false;
  const onRecord = (record: CsvRecord) => {
    if (columns === undefined) {
      columns = record.fields.map((name) => name.trim());
      // After a syntax problem, the first record read is not the header.
      usable = syntaxProblems === 0 && headerIsRight(record, expected, report);
    } else if (usable) {
      take(rowOf(columns, required, record, report));
    }
  };
  await readCsv(source, onRecord, (problem) => {
    syntaxProblems++;
    report(problem.line, problem.reason);
  });
  if (columns === undefined && syntaxProblems === 0) {
    report(1, `the file is empty: expected the header ${expected.join(',')}`);
  }
  return usable;
}

/**
 * Reads a file of things with ids (nodes, people): the id check of every row, then `entityOf` checks
 * its other fields, reporting what is wrong, and gives what the row holds (nothing when something
 * is wrong). A row with a bad id is checked all the same, but not kept.
 */
export async function readEntities<T>(
  file: DistrictFile,
  source: CsvSource,
  report: Report,
  entityOf: (row: Row, id: string) => T | undefined,
): Promise<FileEntities<T>> {
  const ids = new IdLines();
  const valid = new Map<string, T>();
  const usable = await readRows(file, source, report, (row) => {
    if (row.broken) return ids.noteBroken(row);
    const id = row.values.id ?? '';
    const idCheck = ids.check(id, row.line, report);
    if (idCheck === 'duplicate') return;
    const entity = entityOf(row, id);
    if (idCheck === 'new' && entity !== undefined) valid.set(id, entity);
  });
  return { usable, ids, valid };
}

/** What a file of things with ids (nodes, people) gives. */
export interface FileEntities<T> {
  /** False when the header is wrong: nothing is checked against the file then. */
  usable: boolean;
  /** Every id the file defines, rows with problems included. */
  ids: IdLines;
  /** What the valid rows hold, by id, in the file's order. */
  valid: Map<string, T>;
}

/**
 * The ids one file defines (nodes, people, households, providers), each with the line it is first
 * on, and the check of each row's id: the API's id rule, and no id twice.
 */
export class IdLines {
  private readonly lines = new Map<string, number>();

  has(id: string): boolean {
    return this.lines.has(id);
  }

  lineOf(id: string): number | undefined {
    return this.lines.get(id);
  }

  /** A row already reported still makes its id known, so that it causes no "unknown id" elsewhere. */
  noteBroken(row: Row): void {
    const id = row.values.id ?? '';
    if (id && !this.lines.has(id)) this.lines.set(id, row.line);
  }

  /**
   * Checks a row's id and reports what is wrong: `bad` (the id breaks the rule; it is known all the
   * same), `duplicate` (the row is read no further) or `new`.
   */
  check(id: string, line: number, report: Report): 'bad' | 'duplicate' | 'new' {
    const problem = idProblem(id);
    if (problem) {
      report(line, `id "${id}" ${problem}`);
      this.lines.set(id, line);
      return 'bad';
    }
    const first = this.lines.get(id);
    if (first !== undefined) {
      report(line, `duplicate id "${id}" (first on line ${first})`);
      return 'duplicate';
    }
    this.lines.set(id, line);
    return 'new';
  }
}
