import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.js';
import { decodeCursor, encodeCursor, type Listing } from '../../shared/store/cursor.js';
import { indexes, keys, SK_PREFIX } from '../../shared/store/keys.js';

/** The one cursor codec: a cursor is good for the listing it came from, and nothing else. */
const children: Listing = { index: 'GSI1', partition: indexes.childrenOf.pk('bd-yinrong-3') };
const childKey = {
  PK: 'NODE#un-yinrong-3-1',
  SK: 'NODE',
  GSI1PK: indexes.childrenOf.pk('bd-yinrong-3'),
  GSI1SK: indexes.childrenOf.sk('unit', 'un-yinrong-3-1'),
};
const entries: Listing = { partition: keys.account('person:p-0032').PK, sortPrefix: SK_PREFIX.ledgerEntry };
const entryKey = keys.ledgerEntry('person:p-0032', '2026-11-23T02:00:00.000Z', 'award:1');

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function refused(cursor: string, listing: Listing) {
  try {
    decodeCursor(cursor, listing);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    return true;
  }
  return false;
}

describe('decodeCursor', () => {
  it('gives back the key a page ended on, for its own listing', () => {
    expect(decodeCursor(encodeCursor(childKey), children)).toEqual(childKey);
    expect(decodeCursor(encodeCursor(entryKey), entries)).toEqual(entryKey);
  });

  it.each([
    ['a forged object', 'eyJhIjoxfQ'],
    ['not base64url', 'not a cursor!'],
    ['base64url of no JSON', Buffer.from('{"PK":').toString('base64url')],
    ['a truncated cursor', encodeCursor(childKey).slice(0, -6)],
    ['an array', raw([childKey])],
    ['null', raw(null)],
    ['a number in a key', raw({ ...childKey, SK: 1 })],
    ['a nested object in a key', raw({ ...childKey, SK: { S: 'NODE' } })],
    ['a missing index key', raw({ PK: childKey.PK, SK: childKey.SK, GSI1PK: childKey.GSI1PK })],
    ['an extra attribute', raw({ ...childKey, GSI2PK: 'x' })],
    [
      'an own __proto__ attribute',
      Buffer.from(`{"__proto__":"x","PK":"a","SK":"b","GSI1PK":"${childKey.GSI1PK}"}`).toString('base64url'),
    ],
    ['an empty key', raw({ ...childKey, SK: '' })],
    ['a sort key over 1,024 bytes', raw({ ...childKey, SK: 'x'.repeat(1025) })],
    ['a partition key over 2,048 bytes', raw({ ...childKey, PK: '界'.repeat(700) })],
    ['a cursor over its length', 'A'.repeat(9000)],
  ])('refuses %s', (_what, cursor) => {
    expect(refused(cursor, children)).toBe(true);
  });

  it('refuses a cursor of another partition, another index or the table', () => {
    const otherParent = { ...children, partition: indexes.childrenOf.pk('bd-yinrong-4') };
    expect(refused(encodeCursor(childKey), otherParent)).toBe(true);
    expect(refused(encodeCursor(childKey), { ...children, index: 'GSI3' })).toBe(true);
    expect(refused(encodeCursor(childKey), entries)).toBe(true);
    expect(refused(encodeCursor(entryKey), children)).toBe(true);
    const otherAccount = { ...entries, partition: keys.account('person:p-0033').PK };
    expect(refused(encodeCursor(entryKey), otherAccount)).toBe(true);
  });

  it('refuses a cursor outside the listing’s sort key prefix (a narrower listing of the same partition)', () => {
    expect(refused(encodeCursor({ ...entryKey, SK: 'BALANCE' }), entries)).toBe(true);
    const assigned: Listing = {
      index: 'GSI1',
      partition: indexes.byAssignee.pk('p-0032'),
      sortPrefix: 'assigned#',
    };
    const resolvedKey = {
      PK: 'REQ#R1',
      SK: 'REQUEST',
      GSI1PK: indexes.byAssignee.pk('p-0032'),
      GSI1SK: indexes.byAssignee.sk('resolved', '2026-11-23T02:00:00.000Z', 'R1'),
    };
    expect(refused(encodeCursor(resolvedKey), assigned)).toBe(true);
    expect(decodeCursor(encodeCursor(resolvedKey), { ...assigned, sortPrefix: 'resolved#' })).toEqual(
      resolvedKey,
    );
  });
});
