import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { TextDecoder } from 'node:util';
import type { FieldProblem } from '../../errors.js';
import { UnprocessableError } from '../../errors.js';
import { householdPhones, putHierarchy } from '../../store/hierarchy-store.js';
import { putProvider } from '../../store/provider-store.js';
import type { DistrictTable } from '../../store/table.js';
import { parseDistrictCsv } from './district-csv.js';
import {
  DISTRICT_FILES,
  OPTIONAL_DISTRICT_FILES,
  type District,
  type DistrictSources,
  type ImportProblem,
  type ParseOptions,
} from './district-format.js';

export interface ImportSummary {
  nodes: number;
  households: number;
  persons: number;
  providers: number;
  /**
   * Items put into the table: one per node, household and person, one per distinct phone of a
   * household's residents (the phone index), and per provider its item and a `service_staff` grant
   * per member.
   */
  items: number;
}

export interface ImportOptions extends ParseOptions {
  /** BatchWrite calls (25 items each) or provider transactions in flight at once; default 8. */
  concurrency?: number;
  /** Called once the files are valid, before the first write, with the number of items to write. */
  onValidated?: (items: number) => void;
  /** Called after every batch with the items written so far (for progress on a big district). */
  onProgress?: (written: number, total: number) => void;
}

/** Every problem of a rejected import as `{ field: '<file>:<line>', message: reason }`. */
export function importProblems(problems: readonly ImportProblem[]): FieldProblem[] {
  return problems.map((problem) => ({ field: `${problem.file}:${problem.line}`, message: problem.reason }));
}

/**
 * Imports a district from its CSV files (five, and providers.csv if the district has one). Everything is validated first: if anything is wrong,
 * it throws an UnprocessableError carrying every problem (`errors[].field` is `<file>:<line>`) and
 * writes nothing. Otherwise every node, household and person is put, then every provider with its
 * members' grants (plain puts of items derived only from the files), so importing the same files again leaves the table as it was. An import
 * adds and overwrites; it does not delete what the files no longer hold.
 */
export async function importDistrict(
  table: DistrictTable,
  files: DistrictSources,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const parsed = await parseDistrictCsv(files, options);
  if ('problems' in parsed) {
    throw new UnprocessableError(
      `The district has ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}; nothing was written.`,
      importProblems(parsed.problems),
    );
  }
  return writeDistrict(table, parsed.data, options);
}

/**
 * Writes an already validated district (what `parseDistrictCsv` returned) with `putHierarchy`, 25
 * nodes, households or persons per call (a household's or a person's phone items with it, so such a
 * call is several 25-item BatchWrites), `concurrency` calls in flight; then, once the hierarchy and the
 * people are there, its providers with `putProvider` (one transaction each: the provider and a
 * `service_staff` grant per member).
 */
export async function writeDistrict(
  table: DistrictTable,
  district: District,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const concurrency = options.concurrency ?? 8;
  const providerItems = district.providers.reduce((sum, provider) => sum + 1 + provider.memberIds.length, 0);
  const phoneItems = district.households.reduce(
    (sum, household) => sum + householdPhones(household).length,
    0,
  );
  // Each person brings their phone item (sign-in finds them by it).
  const personItems = 2 * district.persons.length;
  const total = district.nodes.length + district.households.length + phoneItems + personItems + providerItems;
  options.onValidated?.(total);
  type Batch = Pick<District, 'nodes' | 'households' | 'persons'>;
  const batches: Batch[] = [];
  const slices = <T>(list: T[]) =>
    Array.from({ length: Math.ceil(list.length / 25) }, (_, index) =>
      list.slice(index * 25, index * 25 + 25),
    );
  for (const nodes of slices(district.nodes)) batches.push({ nodes, households: [], persons: [] });
  for (const households of slices(district.households)) batches.push({ nodes: [], households, persons: [] });
  for (const persons of slices(district.persons)) batches.push({ nodes: [], households: [], persons });
  let written = 0;
  /** Runs `write` on every task, `concurrency` at a time, counting the items written. */
  const inParallel = async <T>(tasks: readonly T[], write: (task: T) => Promise<number>) => {
    let next = 0;
    const worker = async () => {
      while (next < tasks.length) {
        const items = await write(tasks[next++] as T);
        written += items; // not `written += await …`: that would add to the value read before the await
        options.onProgress?.(written, total);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, worker));
  };
  await inParallel(batches, (batch) => putHierarchy(table, batch));
  // Providers last: their scope and members are written by then.
  await inParallel(district.providers, async (provider) => {
    await putProvider(table, provider);
    return 1 + provider.memberIds.length;
  });
  return {
    nodes: district.nodes.length,
    households: district.households.length,
    persons: district.persons.length,
    providers: district.providers.length,
    items: written,
  };
}

/** The 1-based line of the first byte sequence that is not UTF-8 in `bytes` (whole lines), if any. */
function firstLineNotUtf8(bytes: Buffer, decoder: TextDecoder): number | undefined {
  try {
    decoder.decode(bytes);
    return undefined;
  } catch {
    // find the line below
  }
  let line = 1;
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    line++;
    start = end + 1;
  }
  return undefined;
}

/** The 1-based line of the first byte sequence of a file that is not UTF-8, if any, read a block of lines at a time. */
function firstLineNotUtf8InFile(file: string): number | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const block = Buffer.alloc(1 << 16);
  const fd = openSync(file, 'r');
  try {
    let linesBefore = 0;
    let unended = Buffer.alloc(0); // the start of a line the next block ends
    for (;;) {
      const read = readSync(fd, block, 0, block.length, null);
      const bytes = Buffer.concat([unended, block.subarray(0, read)]);
      // A line break (0x0a) is never part of a multi-byte character: whole lines decode on their own.
      const end = read === 0 ? bytes.length : bytes.lastIndexOf(0x0a) + 1;
      const lines = bytes.subarray(0, end);
      const badLine = firstLineNotUtf8(lines, decoder);
      if (badLine !== undefined) return linesBefore + badLine;
      if (read === 0) return undefined;
      for (let at = lines.indexOf(0x0a); at !== -1; at = lines.indexOf(0x0a, at + 1)) linesBefore++;
      unended = bytes.subarray(end);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Finds `nodes.csv`, `people.csv`, `posts.csv`, `households.csv`, `residents.csv` and, if it is
 * there, `providers.csv` in a folder, to be streamed from there. Throws an UnprocessableError naming
 * every missing file and every file that is not UTF-8 (with the line of the first bad byte:
 * spreadsheets in China often save CSV as GBK).
 */
export function readDistrictDir(dir: string): DistrictSources {
  const problems: FieldProblem[] = [];
  const files = {} as DistrictSources;
  for (const name of DISTRICT_FILES) {
    const file = path.join(dir, `${name}.csv`);
    if (!existsSync(file)) {
      if ((OPTIONAL_DISTRICT_FILES as readonly string[]).includes(name)) continue;
      problems.push({ field: `${name}.csv`, message: `no such file: ${file}` });
      continue;
    }
    const badLine = firstLineNotUtf8InFile(file);
    if (badLine !== undefined) {
      problems.push({
        field: `${name}.csv:${badLine}`,
        message: 'not UTF-8 text (save the file as "CSV UTF-8"; GBK is not accepted)',
      });
      continue;
    }
    files[name] = { path: file };
  }
  if (problems.length > 0) {
    throw new UnprocessableError(
      `Cannot read the district's CSV files in ${dir}; nothing was written.`,
      problems,
    );
  }
  return files;
}
