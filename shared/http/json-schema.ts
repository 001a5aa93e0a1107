import * as z from '../zod.js';
import { components } from './contract/common.js';

export const SCHEMA_BASE = 'https://json-schema.org/draft/2020-12/schema';

type Json = Record<string, unknown>;

/** Points a `$defs` reference to a shared schema at the document's components instead. */
function toComponents(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toComponents);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node)
    .filter(([key]) => key !== '$defs' && key !== '$schema')
    .map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string'
        ? value.replace('#/$defs/', '#/components/schemas/')
        : toComponents(value),
    ]);
  return Object.fromEntries(entries);
}

/**
 * A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect): `input` for what a caller sends
 * (defaults make a field optional), `output` for what the API answers (shared ones by reference).
 */
export function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): Json {
  const shared = io === 'output' ? components.get(schema) : undefined;
  if (shared) return { $ref: `#/components/schemas/${shared.id}` };
  const converted = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    ...(io === 'output' ? { metadata: components } : {}),
  });
  return toComponents(converted) as Json;
}
