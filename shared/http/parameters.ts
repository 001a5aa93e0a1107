import { ValidationError, type FieldProblem } from '../errors.js';
import * as z from '../zod.js';
import { boundedString } from './schemas.js';

/**
 * How long a route's parameters may be, in UTF-8 bytes. Ids are at most 64 characters, a partner's
 * URL token at most 200, a cursor a few hundred; a parameter that reaches a key with a prefix stays
 * far inside DynamoDB's 1,024 bytes for a sort key.
 */
export interface ParameterBounds {
  pathBytes: number;
  queryBytes: number;
}

export const PARAMETER_BOUNDS: ParameterBounds = { pathBytes: 256, queryBytes: 1024 };

/** A query parameter's name: what a client may name, and what a problem may echo. */
const NAME_MAX_BYTES = 64;

/**
 * Every path and query parameter of an event, held to its bound before a handler reads any of them
 * (the generic net under each handler's own schema): a 400 naming each parameter that is over it.
 * A name over its bound is reported as `query`, not echoed.
 */
export function assertBoundedParameters(
  event: {
    pathParameters?: Record<string, string | undefined>;
    queryStringParameters?: Record<string, string | undefined>;
  },
  bounds: ParameterBounds = PARAMETER_BOUNDS,
): void {
  const name = boundedString(NAME_MAX_BYTES);
  const problems: FieldProblem[] = [
    ...problemsOf(event.pathParameters, boundedString(bounds.pathBytes), () => true),
    ...problemsOf(
      event.queryStringParameters,
      boundedString(bounds.queryBytes),
      (key) => z.safeParse(name, key).success,
    ),
  ];
  if (problems.length > 0) {
    throw new ValidationError(
      `Parameters out of bounds: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`,
      problems,
    );
  }
}

function problemsOf(
  parameters: Record<string, string | undefined> | undefined,
  value: z.ZodMiniType<string>,
  nameFits: (name: string) => boolean,
): FieldProblem[] {
  return Object.entries(parameters ?? {}).flatMap(([key, given]) => {
    if (!nameFits(key))
      return [{ field: 'query', message: `a parameter name is over ${NAME_MAX_BYTES} bytes` }];
    const result = z.safeParse(value, given ?? '');
    return result.success ? [] : result.error.issues.map((issue) => ({ field: key, message: issue.message }));
  });
}
