import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import { parseAttributes, type Open311Attribute } from '../../../shared/services/open311/attributes.js';
import { thrown } from './open311-fixtures.js';

function attribute(code: string, datatype: Open311Attribute['datatype'], required = false): Open311Attribute {
  const lists = datatype === 'singlevaluelist' || datatype === 'multivaluelist';
  return {
    variable: true,
    code,
    datatype,
    required,
    datatypeDescription: null,
    order: 1,
    description: `the ${code}`,
    ...(lists
      ? {
          values: [
            { key: 'a', name: '甲' },
            { key: 'b', name: '乙' },
          ],
        }
      : {}),
  };
}

// Every datatype the spec defines, so any definition a district writes is checked.
const definition = [
  attribute('size', 'number'),
  attribute('seen', 'datetime'),
  attribute('plate', 'string'),
  attribute('story', 'text'),
  attribute('one', 'singlevaluelist', true),
  attribute('many', 'multivaluelist'),
];

describe('attribute answers against a service definition', () => {
  it('reads each datatype', () => {
    expect(
      parseAttributes(
        {
          size: ['-3.5'],
          seen: ['2026-11-23T10:00:00+08:00'],
          plate: [' 吉A12345 '],
          story: ['第一行\n第二行'],
          one: ['b'],
          many: ['a', 'b', 'a'],
        },
        definition,
      ),
    ).toEqual({
      size: -3.5,
      seen: '2026-11-23T02:00:00.000Z',
      plate: '吉A12345',
      story: '第一行\n第二行',
      one: 'b',
      many: ['a', 'b'],
    });
  });

  it('leaves out what was not answered, and a list of one for a single value', () => {
    expect(parseAttributes({ one: ['a'], many: ['b'], plate: [''] }, definition)).toEqual({
      one: 'a',
      many: ['b'],
    });
  });

  it.each([
    [{}, 'one', 'required: the one'],
    [{ one: [' '] }, 'one', 'required: the one'],
    [{ one: ['c'] }, 'one', 'must be one of the keys a, b'],
    [{ one: ['a', 'b'] }, 'one', 'takes one value, got 2'],
    [{ one: ['a'], many: ['a', 'z'] }, 'many', 'z not among the keys a, b'],
    [{ one: ['a'], size: ['big'] }, 'size', 'must be a number'],
    [{ one: ['a'], seen: ['2026-11-23'] }, 'seen', 'must be a W3C datetime with a zone'],
    [{ one: ['a'], plate: ['a\nb'] }, 'plate', 'must be one line'],
    [{ one: ['a'], story: ['字'.repeat(4001)] }, 'story', 'at most 4000 characters'],
    [
      { one: ['a'], colour: ['red'] },
      'colour',
      'unknown attribute; this service has size, seen, plate, story, one, many',
    ],
  ])('%j: 400 on attribute[%s]', (answers, code, message) => {
    const error = thrown(() => parseAttributes(answers, definition), ValidationError, [`attribute[${code}]`]);
    expect(error.errors[0]?.message).toBe(message);
  });

  it('names every bad attribute at once', () => {
    thrown(() => parseAttributes({ size: ['x'], colour: ['red'] }, definition), ValidationError, [
      'attribute[colour]',
      'attribute[size]',
      'attribute[one]',
    ]);
  });
});
