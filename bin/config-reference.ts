import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { districtConfigSchema } from '../shared/config/district-config.js';
import * as z from '../shared/zod.js';

/**
 * `npm run docs:config`: writes docs/configuration.md, the district config reference, from the
 * config's zod schema (its JSON Schema: types, defaults, bounds, and the descriptions the schema's
 * fields carry) and the demo district's file as the example. test/docs/configuration.test.ts fails
 * when the file is not what this writes, so the reference is edited in the schema, never by hand.
 */
export const REFERENCE_PATH = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));
const EXAMPLE = 'config/districts/lvyuan.json';
const SCHEMA = 'shared/config/district-config.ts';

interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
}

interface Field {
  path: string;
  schema: JsonSchema;
  required: boolean;
}

/** Every field, depth first: `a.b` is a field of an object, `a[].b` a field of each item of a list. */
function fields(schema: JsonSchema, path: string): Field[] {
  const object = schema.type === 'array' ? schema.items : schema;
  const prefix = schema.type === 'array' ? `${path}[]` : path;
  return Object.entries(object?.properties ?? {}).flatMap(([name, child]) => {
    const childPath = prefix === '' ? name : `${prefix}.${name}`;
    const required = object?.required?.includes(name) ?? false;
    return [{ path: childPath, schema: child, required }, ...fields(child, childPath)];
  });
}

const recordValues = (schema: JsonSchema) =>
  typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;

function typeOf(schema: JsonSchema): string {
  const values = recordValues(schema);
  if (values) return `map of ${typeOf(values)}`;
  if (schema.type === 'array' && schema.items) return `list of ${typeOf(schema.items)}`;
  return schema.type ?? 'any';
}

const atLeast = (count: number, things: string) =>
  count === 1 ? 'not empty' : `at least ${count} ${things}`;

/** What a value may be: its allowed values, bounds, length and pattern. */
function allowed(schema: JsonSchema): string[] {
  const values = recordValues(schema);
  if (values) {
    const keys = schema.propertyNames ? allowed(schema.propertyNames) : [];
    return [...keys.map((rule) => `key ${rule}`), ...allowed(values).map((rule) => `value ${rule}`)];
  }
  const rules: string[] = [];
  if (schema.enum) rules.push(`one of ${schema.enum.map((value) => `\`${String(value)}\``).join(', ')}`);
  if (schema.exclusiveMinimum !== undefined) rules.push(`> ${schema.exclusiveMinimum}`);
  if (schema.minimum !== undefined) rules.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER)
    rules.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined) rules.push(atLeast(schema.minLength, 'characters'));
  if (schema.maxLength !== undefined) rules.push(`at most ${schema.maxLength} characters`);
  if (schema.pattern !== undefined) rules.push(`matches \`${schema.pattern}\``);
  if (schema.minItems !== undefined) rules.push(atLeast(schema.minItems, 'items'));
  if (schema.type === 'array' && schema.items && !schema.items.properties) {
    rules.push(...allowed(schema.items).map((rule) => `each ${rule}`));
  }
  return rules;
}

function presence(field: Field): string {
  if (field.schema.default !== undefined) return `default \`${JSON.stringify(field.schema.default)}\``;
  return field.required ? 'required' : 'optional';
}

// A `|` inside a table cell ends the cell, even inside backticks.
const cell = (text: string) => text.replaceAll('|', '\\|');

function fieldTable(schema: JsonSchema): string {
  const rows = fields(schema, '').map((field) =>
    [
      `\`${field.path}\``,
      typeOf(field.schema),
      presence(field),
      allowed(field.schema).join('; '),
      field.schema.description ?? '',
    ]
      .map(cell)
      .join(' | '),
  );
  return [
    '| Field | Type | Presence | Allowed | What it is |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

/** docs/configuration.md as the schema and the example make it today, formatted as the repository formats. */
export async function configurationReference(): Promise<string> {
  const schema = z.toJSONSchema(districtConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const example = readFileSync(fileURLToPath(new URL(`../${EXAMPLE}`, import.meta.url)), 'utf8');
  const markdown = [
    '# District configuration reference',
    '',
    `<!-- Generated by \`npm run docs:config\` from the schema in \`${SCHEMA}\`: edit the descriptions there, not this file. -->`,
    '',
    'Every district is one file, `config/districts/<district>.json`. `npx cdk synth` (and `npm start`) ' +
      'validate it and fail naming the file and the field (`sla.rules.0.acknowledgeMinutes: ...`). ' +
      'A path `a.b` is the field `b` of the object `a`; `a[].b` is the field `b` of each item of the list `a`. ' +
      'A field is required within its object (`deploy.region` is required when there is a `deploy`); ' +
      'objects accept no fields beyond the ones below.',
    '',
    fieldTable(schema),
    '',
    `## Example: \`${EXAMPLE}\``,
    '',
    '```json',
    example.trimEnd(),
    '```',
    '',
  ].join('\n');
  const options = await resolveConfig(REFERENCE_PATH);
  return format(markdown, { ...options, filepath: REFERENCE_PATH });
}

if (import.meta.main) {
  writeFileSync(REFERENCE_PATH, await configurationReference());
  console.log(`wrote ${REFERENCE_PATH}`);
}
