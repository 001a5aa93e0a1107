import { AppError } from '../../../../shared/errors.js';
import type {
  FieldMapping,
  PartnerFormat,
  RawDelivery,
} from '../../../../shared/domain/intake-submission.js';

/** The demo district's category codes (config/districts/lvyuan.json). */
export const CATEGORIES = ['repair', 'drainage', 'dispute', 'elderly-care', 'safety', 'environment'];

export const SECRET = 'sk-yinrong-2026-4f9c1e7a0b3d4e8f9a2c6d1e5b7f3a90';
export const NEXT_SECRET = 'sk-yinrong-2027-8e2d5c1b9a7f4e3d2c1b0a9f8e7d6c54';

export function partner(mapping: FieldMapping = {}, secrets: readonly string[] = [SECRET]): PartnerFormat {
  return { secrets, mapping, categories: CATEGORIES };
}

export function jsonDelivery(body: unknown, extra: Partial<RawDelivery> = {}): RawDelivery {
  const { headers, ...rest } = extra;
  return {
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
    query: {},
    ...rest,
  };
}

/** The AppError a call throws (the test fails when it throws nothing or something else). */
export function thrown(call: () => unknown): AppError {
  try {
    call();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

/** The fields a thrown ValidationError names. */
export const fieldsOf = (error: AppError) => error.errors.map((problem) => problem.field);
