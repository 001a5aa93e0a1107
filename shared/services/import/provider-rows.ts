/** providers.csv (optional): the ten staff (十员) and volunteer teams. */
import type { ServiceProvider } from '../../domain/request.js';
import type { CsvSource } from './csv.js';
import {
  listOf,
  MAX_PROVIDER_MEMBERS,
  MAX_TEXT_LENGTH,
  PROVIDER_KINDS,
  PROVIDER_SCOPES,
} from './district-format.js';
import { IdLines, readRows, type Report } from './file-rows.js';
import type { Households } from './household-rows.js';
import type { Nodes } from './node-rows.js';
import type { People } from './people-rows.js';
import type { Residents } from './resident-rows.js';

/** A provider read: members and specialities split, the contact its first member unless named. */
export interface ProviderRow {
  line: number;
  id: string;
  kind: ServiceProvider['kind'];
  name: string;
  scope: string;
  memberIds: string[];
  specialities: string[];
  contactId: string;
}

/** What a provider's row is checked against. */
export interface ProviderContext {
  nodes: Nodes;
  households: Households;
  people: People;
  residents: Residents;
  /** The district's request categories, when they are given. */
  categories: ReadonlySet<string> | undefined;
}

/** The node a provider serves: a grid or a community of nodes.csv. */
function checkScope(scope: string, line: number, { nodes, households }: ProviderContext, report: Report) {
  const served = nodes.valid.get(scope);
  if (nodes.usable && !nodes.ids.has(scope)) {
    report(
      line,
      households.ids.has(scope)
        ? `scope "${scope}" is a household; a provider serves a grid or a community`
        : `unknown scope "${scope}" (not an id in nodes.csv)`,
    );
  } else if (served && !PROVIDER_SCOPES.includes(served.type)) {
    report(
      line,
      `scope "${scope}" is a ${served.type} (nodes.csv line ${served.line}); a provider serves a grid or a community`,
    );
  }
}

/** A provider's members: someone, one person for staff, not too many, people of people.csv. */
function checkMembers(
  kind: string,
  memberIds: string[],
  line: number,
  context: ProviderContext,
  report: Report,
) {
  if (memberIds.length === 0) {
    report(line, 'member_ids names nobody');
  } else if (kind === 'staff' && memberIds.length !== 1) {
    report(line, `a staff provider is exactly one person, but member_ids names ${memberIds.length}`);
  } else if (memberIds.length > MAX_PROVIDER_MEMBERS) {
    report(
      line,
      `member_ids names ${memberIds.length} people; a provider has at most ${MAX_PROVIDER_MEMBERS}`,
    );
  }
  if (!context.people.usable) return;
  for (const memberId of memberIds.filter((member) => !context.people.ids.has(member))) {
    report(
      line,
      context.residents.persons.has(memberId)
        ? `member "${memberId}" is a resident but not in people.csv (providers' members are people.csv's)`
        : `unknown member "${memberId}" (not an id in people.csv)`,
    );
  }
}

/** A provider's specialities: at least one, and (when the district's are given) its categories. */
function checkSpecialities(
  specialities: string[],
  line: number,
  categories: ReadonlySet<string> | undefined,
  report: Report,
) {
  if (specialities.length === 0) report(line, 'specialities names no request category');
  const unknown = categories ? specialities.filter((code) => !categories.has(code)) : [];
  if (unknown.length > 0) {
    report(
      line,
      `${unknown.map((code) => `"${code}"`).join(', ')} ${unknown.length === 1 ? 'is not a request category' : 'are not request categories'} ` +
        `of this district (${[...(categories ?? [])].join(', ')})`,
    );
  }
}

/**
 * Reads providers.csv: each one of the ten staff (exactly one member) or a volunteer team, serving
 * a grid or a community, its members people of people.csv. Without the file there are none.
 */
export async function readProviders(
  source: CsvSource | undefined,
  report: Report,
  context: ProviderContext,
): Promise<ProviderRow[]> {
  const ids = new IdLines();
  const rows: ProviderRow[] = [];
  await readRows('providers', source, report, (row) => {
    if (row.broken) return ids.noteBroken(row);
    const { id = '', kind = '', name = '', scope = '', contact_id: contact = '' } = row.values;
    if (ids.check(id, row.line, report) === 'duplicate') return;
    if (!(PROVIDER_KINDS as string[]).includes(kind)) {
      report(row.line, `kind "${kind}" is not one of ${PROVIDER_KINDS.join(', ')}`);
    }
    if (name.length > MAX_TEXT_LENGTH) report(row.line, `name is longer than ${MAX_TEXT_LENGTH} characters`);
    checkScope(scope, row.line, context, report);
    const memberIds = listOf(row.values.member_ids ?? '');
    checkMembers(kind, memberIds, row.line, context, report);
    if (contact && memberIds.length > 0 && !memberIds.includes(contact)) {
      report(row.line, `contact_id "${contact}" is not one of member_ids (${memberIds.join(', ')})`);
    }
    const specialities = listOf(row.values.specialities ?? '');
    checkSpecialities(specialities, row.line, context.categories, report);
    const contactId = contact || (memberIds[0] ?? '');
    rows.push({
      line: row.line,
      id,
      kind: kind as ProviderRow['kind'],
      name,
      scope,
      memberIds,
      specialities,
      contactId,
    });
  });
  return rows;
}
