/** people.csv: the leaders and providers' members (and anyone else who is not only a resident). */
import type { Person } from '../../domain/hierarchy.js';
import type { CsvSource } from './csv.js';
import { MAX_TEXT_LENGTH, PHONE_PATTERN, PHONE_PROBLEM } from './district-format.js';
import { readEntities, type FileEntities, type Report } from './file-rows.js';

export interface PersonRow extends Person {
  line: number;
}

export type People = FileEntities<PersonRow>;

/** Reads people.csv: ids, names and phones. */
export function readPeople(source: CsvSource, report: Report): Promise<People> {
  return readEntities('people', source, report, (row, id) => {
    const { name = '', phone = '' } = row.values;
    let ok = true;
    if (name.length > MAX_TEXT_LENGTH) {
      report(row.line, `name is longer than ${MAX_TEXT_LENGTH} characters`);
      ok = false;
    }
    if (!PHONE_PATTERN.test(phone)) {
      report(row.line, `phone "${phone}" ${PHONE_PROBLEM}`);
      ok = false;
    }
    return ok ? { id, name, phone, line: row.line } : undefined;
  });
}
