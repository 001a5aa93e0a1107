/** residents.csv: who lives in which household. */
import type { Person, Resident } from '../../domain/hierarchy.js';
import type { CsvSource } from './csv.js';
import { idProblem, MAX_TEXT_LENGTH, PHONE_PATTERN, PHONE_PROBLEM } from './district-format.js';
import { readRows, type Report } from './file-rows.js';
import type { Households } from './household-rows.js';
import type { People } from './people-rows.js';

/** A person living in a household, from the first row that names them. */
export interface ResidentPerson extends Person {
  line: number;
  householdId: string;
}

export interface Residents {
  /** False when the header is wrong: nothing is checked against residents.csv then. */
  usable: boolean;
  /** Each household's residents; a household named only by a broken row has none but counts as having one. */
  of: Map<string, Resident[]>;
  /** Every person living in a household, by id, in the file's order. */
  persons: Map<string, ResidentPerson>;
}

/** A resident's own fields: person id, name, relation and phone. */
function checkFields(values: Record<string, string>, line: number, report: Report): void {
  const { person_id: personId = '', name = '', phone = '', relation = '' } = values;
  const badId = idProblem(personId);
  if (badId) report(line, `person_id "${personId}" ${badId}`);
  if (name.length > MAX_TEXT_LENGTH) report(line, `name is longer than ${MAX_TEXT_LENGTH} characters`);
  if (relation.length > MAX_TEXT_LENGTH) {
    report(line, `relation is longer than ${MAX_TEXT_LENGTH} characters`);
  }
  if (!PHONE_PATTERN.test(phone)) report(line, `phone "${phone}" ${PHONE_PROBLEM}`);
}

/**
 * Reads residents.csv against households.csv and people.csv: known households, a person in one
 * household once, and a resident who is also in people.csv with the same name and phone there.
 */
export async function readResidents(
  source: CsvSource,
  report: Report,
  households: Households,
  people: People,
): Promise<Residents> {
  const of = new Map<string, Resident[]>();
  const persons = new Map<string, ResidentPerson>();
  const usable = await readRows('residents', source, report, (row) => {
    const { household_id: householdId = '', person_id: personId = '', name = '', phone = '' } = row.values;
    let list = of.get(householdId);
    if (!list) of.set(householdId, (list = []));
    if (row.broken) return;
    if (households.usable && !households.ids.has(householdId)) {
      report(row.line, `unknown household_id "${householdId}" (not an id in households.csv)`);
    }
    checkFields(row.values, row.line, report);
    const earlier = persons.get(personId);
    if (earlier) {
      report(
        row.line,
        earlier.householdId === householdId
          ? `person "${personId}" is already a resident of this household (line ${earlier.line})`
          : `person "${personId}" is already a resident of household "${earlier.householdId}" (line ${earlier.line}); a person lives in one household`,
      );
    } else {
      persons.set(personId, { id: personId, name, phone, line: row.line, householdId });
    }
    const person = people.valid.get(personId);
    if (person && (person.name !== name || person.phone !== phone)) {
      report(
        row.line,
        `person "${personId}" has another ${person.name !== name ? 'name' : 'phone'} in people.csv (line ${person.line})`,
      );
    }
    list.push({ personId, name, phone, relation: row.values.relation ?? '' });
  });
  return { usable, of, persons };
}
