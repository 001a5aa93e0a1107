import * as z from '../zod.js';
import { ValidationError } from '../errors.js';

/** Parses input with a schema; every problem names its field, and nothing has been written yet. */
export function parseWith<T>(schema: z.ZodMiniType<T>, input: unknown, what: string): T {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  const errors = result.error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    // An unknown field is named itself, not its parent object.
    const fields = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...at, key]) : [at];
    return fields.map((field) => ({ field: field.join('.') || what, message: issue.message }));
  });
  throw new ValidationError(
    `The ${what} is invalid: ${errors.map((error) => `${error.field}: ${error.message}`).join('; ')}`,
    errors,
  );
}

export function parseJsonBody(body: string | undefined, isBase64Encoded: boolean): unknown {
  if (body === undefined || body === '') {
    throw new ValidationError('The request body is empty; send a JSON object.', [
      { field: 'body', message: 'required' },
    ]);
  }
  const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('The request body is not valid JSON.', [
      { field: 'body', message: 'malformed JSON' },
    ]);
  }
}

/** The JSON body of an API event, parsed with a schema (400 naming the field when it does not fit). */
export function parseBody<T>(
  schema: z.ZodMiniType<T>,
  event: { body?: string; isBase64Encoded: boolean },
): T {
  return parseWith(schema, parseJsonBody(event.body, event.isBase64Encoded), 'body');
}
