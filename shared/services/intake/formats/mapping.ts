import { PRIORITIES, PRIORITY_NAMES_ZH, type Priority } from '../../../config/vocabulary.js';
import { ValidationError } from '../../../errors.js';
import type { FieldMapping, IntakeSubmission, PartnerFormat } from '../../../domain/intake-submission.js';
import { addressHint, addressText, answerText, answerUrls, photoList } from './answers.js';
import { composeDescription, contactPhone } from './contact.js';

/** What a form's answers say, before the format adds its own id for the submission. */
export type MappedSubmission = Omit<IntakeSubmission, 'externalId'>;

/**
 * Reads a form's answers (keyed by label, API code, question or widget name) through the partner's
 * mapping. `at` is where the answers sit in the body (`entry`, `data`), so an error names the field
 * as the partner knows it (`entry.field_3`).
 */
export function applyMapping(
  answers: Record<string, unknown>,
  partner: PartnerFormat,
  at: string,
): MappedSubmission {
  const { mapping } = partner;
  const field = (key: string) => (at ? `${at}.${key}` : key);
  const text = (key: string | undefined) => (key === undefined ? '' : answerText(answers[key]));
  const contact = contactPhone(text(mapping.phone));
  return {
    description: composeDescription(describe(mapping, answers, field), contact.note),
    category: category(text(mapping.category), mapping.categoryValues, partner.categories),
    priority: priority(text(mapping.priority)),
    photos:
      mapping.photos === undefined
        ? []
        : photoList(answerUrls(answers[mapping.photos]), field(mapping.photos)),
    contactName: text(mapping.name) || undefined,
    phone: contact.phone,
    householdId: text(mapping.householdId) || undefined,
    address: addressHint({
      text: mapping.address === undefined ? undefined : addressText(answers[mapping.address]),
      building: text(mapping.building),
      unit: text(mapping.unit),
      room: text(mapping.room),
    }),
  };
}

/** The mapped description fields, one per line; every format requires a description. */
function describe(
  mapping: FieldMapping,
  answers: Record<string, unknown>,
  field: (key: string) => string,
): string {
  const [first, ...rest] = mapping.description ?? [];
  if (first === undefined) {
    throw new ValidationError("The partner's mapping names no description field.", [
      { field: 'mapping.description', message: 'required' },
    ]);
  }
  const description = [first, ...rest]
    .map((key) => answerText(answers[key]))
    .filter(Boolean)
    .join('\n');
  if (description.length < 2) {
    throw new ValidationError(`The description (${field(first)}) is empty or too short.`, [
      { field: field(first), message: 'must describe the request in at least 2 characters' },
    ]);
  }
  return description;
}

/** The form's answer as one of the district's codes: through categoryValues, or a code given as is. */
function category(
  answer: string,
  values: Record<string, string> | undefined,
  categories: readonly string[],
): string | undefined {
  const code = values?.[answer] ?? answer;
  return categories.includes(code) ? code : undefined;
}

/** A priority given as our code (`urgent`) or its Chinese name (`紧急`); anything else is the default. */
function priority(answer: string): Priority | undefined {
  return PRIORITIES.find((code) => code === answer || PRIORITY_NAMES_ZH[code] === answer);
}
