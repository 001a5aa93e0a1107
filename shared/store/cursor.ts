import { ValidationError } from '../errors.js';

/**
 * Where one listing reads: the table or one of its indexes, the partition it queries, and the sort
 * key's prefix when the listing is narrowed (a status, a place, a kind of item). A cursor is only
 * ever good for the listing it came from.
 */
export interface Listing {
  index?: 'GSI1' | 'GSI2' | 'GSI3' | 'GSI4';
  partition: string;
  sortPrefix?: string;
}

// DynamoDB's own limits: a cursor holding more could only be a forgery, and DynamoDB would refuse it with a 500.
const PARTITION_KEY_MAX_BYTES = 2048;
const SORT_KEY_MAX_BYTES = 1024;
/** Four keys at their limits, in base64url: what no cursor of ours comes near. */
const CURSOR_MAX_LENGTH = 8192;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The one cursor of every listing: the page's LastEvaluatedKey, as opaque base64url JSON. */
export const encodeCursor = (lastEvaluatedKey: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url');

/**
 * A cursor back to the ExclusiveStartKey it was made from, validated against the listing asked for:
 * exactly the key attributes of its table or index, each a string within DynamoDB's limits, in the
 * partition being queried and within the listing's sort key prefix. So a truncated, crafted or
 * oversized cursor, or one from another listing, is a 400 naming `cursor`, never a DynamoDB error;
 * a well-formed one can only move where a page of the caller's own listing starts.
 */
export function decodeCursor(cursor: string, listing: Listing): Record<string, string> {
  const key = parse(cursor);
  if (!key || !fits(key, listing)) {
    throw new ValidationError('The cursor is not one this API returned for this listing.', [
      { field: 'cursor', message: 'not a cursor this API returned for this listing' },
    ]);
  }
  return key;
}

function parse(cursor: string): Record<string, string> | undefined {
  if (cursor.length > CURSOR_MAX_LENGTH || !BASE64URL.test(cursor)) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof key !== 'object' || key === null || Array.isArray(key)) return undefined;
    const entries = Object.entries(key);
    if (!entries.every(([, value]) => typeof value === 'string')) return undefined;
    return Object.fromEntries(entries) as Record<string, string>;
  } catch {
    return undefined;
  }
}

function fits(key: Record<string, string>, listing: Listing): boolean {
  const partitionName = listing.index ? `${listing.index}PK` : 'PK';
  const sortName = listing.index ? `${listing.index}SK` : 'SK';
  const limits = new Map([
    ['PK', PARTITION_KEY_MAX_BYTES],
    ['SK', SORT_KEY_MAX_BYTES],
    [partitionName, PARTITION_KEY_MAX_BYTES],
    [sortName, SORT_KEY_MAX_BYTES],
  ]);
  const names = Object.keys(key);
  return (
    names.length === limits.size &&
    names.every((name) => {
      const limit = limits.get(name);
      const value = key[name] ?? '';
      return limit !== undefined && value.length > 0 && Buffer.byteLength(value, 'utf8') <= limit;
    }) &&
    key[partitionName] === listing.partition &&
    (key[sortName] ?? '').startsWith(listing.sortPrefix ?? '')
  );
}
