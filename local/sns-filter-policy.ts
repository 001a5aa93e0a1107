/**
 * SNS subscription filter policies on message attributes (FilterPolicyScope MessageAttributes), as
 * SNS documents them (docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html), so
 * that the local topic routes each notification where the deployed subscriptions would:
 * - every key of the policy must match (AND); a key's conditions are alternatives (OR); `$or` takes
 *   alternative sub-policies;
 * - a String attribute is one value, a String.Array attribute each of its elements (any may match),
 *   a Number attribute a number; Binary attributes are never matched;
 * - a string matches exactly (case-sensitive), a number numerically; `prefix`, `suffix`,
 *   `equals-ignore-case`; `anything-but` (a value, a list, or a prefix/suffix: matches when some
 *   value is not excluded); `numeric` comparisons; `exists`. A key whose attribute is absent matches
 *   only `{"exists": false}`.
 */

type Json = Record<string, unknown>;
type Value = string | number | boolean | null;

/** A message attribute as SNS's Publish takes it. */
export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
}

export type FilterPolicy = Json;

/** The values a condition is compared with; none for an attribute SNS does not filter on. */
function valuesOf(attribute: MessageAttribute): Value[] {
  const text = attribute.StringValue ?? '';
  if (attribute.DataType === 'String.Array') {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) throw new Error(`a String.Array attribute must be a JSON array: ${text}`);
    return parsed as Value[];
  }
  // String, and String with a custom type label (String.<label>).
  if (attribute.DataType.startsWith('String')) return [text];
  if (attribute.DataType.startsWith('Number')) return [Number(text)];
  return [];
}

const NUMERIC_OPERATORS: Record<string, (value: number, bound: number) => boolean> = {
  '=': (value, bound) => value === bound,
  '<': (value, bound) => value < bound,
  '<=': (value, bound) => value <= bound,
  '>': (value, bound) => value > bound,
  '>=': (value, bound) => value >= bound,
};

function numericMatch(comparisons: unknown[], value: number): boolean {
  for (let index = 0; index < comparisons.length; index += 2) {
    const operator = NUMERIC_OPERATORS[String(comparisons[index])];
    if (!operator) throw new Error(`unknown numeric operator ${String(comparisons[index])}`);
    if (!operator(value, Number(comparisons[index + 1]))) return false;
  }
  return true;
}

/** Whether one value is what an `anything-but` operand excludes. */
function excluded(operand: unknown, value: Value): boolean {
  if (Array.isArray(operand)) return operand.some((item) => excluded(item, value));
  if (typeof operand === 'object' && operand !== null) {
    const { prefix, suffix } = operand as { prefix?: string; suffix?: string };
    if (prefix !== undefined) return typeof value === 'string' && value.startsWith(prefix);
    if (suffix !== undefined) return typeof value === 'string' && value.endsWith(suffix);
    throw new Error(`unsupported anything-but operand ${JSON.stringify(operand)}`);
  }
  return operand === value;
}

function matchesValue(condition: Json, value: Value): boolean {
  const [operator, operand] = Object.entries(condition)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && value.startsWith(String(operand));
    case 'suffix':
      return typeof value === 'string' && value.endsWith(String(operand));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === String(operand).toLowerCase();
    case 'numeric':
      return typeof value === 'number' && numericMatch(operand as unknown[], value);
    case 'anything-but':
      return !excluded(operand, value);
    default:
      throw new Error(`unsupported filter policy operator ${String(operator)}`);
  }
}

function matchesCondition(condition: unknown, attribute: MessageAttribute | undefined): boolean {
  if (typeof condition === 'object' && condition !== null && 'exists' in condition) {
    return (attribute !== undefined) === (condition as { exists: boolean }).exists;
  }
  if (!attribute) return false;
  const values = valuesOf(attribute);
  if (typeof condition === 'object' && condition !== null) {
    return values.some((value) => matchesValue(condition as Json, value));
  }
  return values.some((value) => value === condition);
}

/** Whether a message with these attributes passes the policy (no policy: every message does). */
export function matchesFilterPolicy(
  policy: FilterPolicy | undefined,
  attributes: Record<string, MessageAttribute>,
): boolean {
  if (!policy) return true;
  return Object.entries(policy).every(([key, conditions]) => {
    if (key === '$or') {
      return (conditions as FilterPolicy[]).some((alternative) =>
        matchesFilterPolicy(alternative, attributes),
      );
    }
    if (!Array.isArray(conditions)) throw new Error(`the conditions of ${key} must be an array`);
    return conditions.some((condition) => matchesCondition(condition, attributes[key]));
  });
}
