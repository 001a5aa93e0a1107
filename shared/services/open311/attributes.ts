import { ValidationError, type FieldProblem } from '../../errors.js';
import { parseW3cDateTime } from './datetime.js';

/** An attribute of a service definition, as GeoReport v2 defines it. */
export interface Open311Attribute {
  /** false: shown to the user only, no input. */
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatypeDescription: string | null;
  /** 1 is shown first. */
  order: number;
  description: string;
  /** The options of a singlevaluelist or multivaluelist (absent for the other datatypes). */
  values?: { key: string; name: string }[];
}

/** A parsed answer: text, a number, a datetime as ISO UTC, a list key, or the keys of a multivaluelist. */
export type AttributeValue = string | number | string[];

// The spec caps descriptions at 4,000 characters; a one-line string answer needs far less.
const STRING_MAX = 200;
const TEXT_MAX = 4000;
const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/**
 * The `attribute[code]` answers of a POST (each code's values, several for `attribute[code][]`)
 * checked against the service's attributes: every required one answered, no unknown code, each
 * value of its datatype and, for lists, one of the keys offered. Every problem names its field.
 */
export function parseAttributes(
  submitted: Readonly<Record<string, readonly string[]>>,
  attributes: readonly Open311Attribute[],
): Record<string, AttributeValue> {
  const problems: FieldProblem[] = [];
  const known = new Set(attributes.map((attribute) => attribute.code));
  for (const code of Object.keys(submitted).filter((code) => !known.has(code))) {
    problems.push({
      field: `attribute[${code}]`,
      message: `unknown attribute; this service has ${[...known].join(', ') || 'none'}`,
    });
  }
  const parsed: Record<string, AttributeValue> = {};
  for (const attribute of attributes) {
    const values = (submitted[attribute.code] ?? []).map((value) => value.trim()).filter(Boolean);
    const field = `attribute[${attribute.code}]`;
    if (values.length === 0) {
      if (attribute.required) problems.push({ field, message: `required: ${attribute.description}` });
      continue;
    }
    const result = parseValue(attribute, values);
    if (typeof result === 'object' && 'problem' in result) problems.push({ field, message: result.problem });
    else parsed[attribute.code] = result;
  }
  if (problems.length > 0) {
    throw new ValidationError(
      `The attributes are invalid: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`,
      problems,
    );
  }
  return parsed;
}

function parseValue(attribute: Open311Attribute, values: string[]): AttributeValue | { problem: string } {
  const keys = (attribute.values ?? []).map((value) => value.key);
  const unknownKeys = values.filter((value) => !keys.includes(value));
  if (attribute.datatype === 'multivaluelist') {
    return unknownKeys.length === 0
      ? [...new Set(values)]
      : { problem: `${unknownKeys.join(', ')} not among the keys ${keys.join(', ')}` };
  }
  const [value = '', ...more] = values;
  if (more.length > 0) return { problem: `takes one value, got ${values.length}` };
  switch (attribute.datatype) {
    case 'singlevaluelist':
      return keys.includes(value) ? value : { problem: `must be one of the keys ${keys.join(', ')}` };
    case 'number':
      return DECIMAL.test(value) ? Number(value) : { problem: 'must be a number' };
    case 'datetime':
      return parseW3cDateTime(value)?.toISOString() ?? { problem: 'must be a W3C datetime with a zone' };
    case 'string':
      if (/[\r\n]/.test(value)) return { problem: 'must be one line' };
      return value.length <= STRING_MAX ? value : { problem: `at most ${STRING_MAX} characters` };
    case 'text':
      return value.length <= TEXT_MAX ? value : { problem: `at most ${TEXT_MAX} characters` };
  }
}
