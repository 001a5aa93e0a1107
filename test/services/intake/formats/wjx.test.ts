import { describe, expect, it } from 'vitest';
import { wjxFormat, wjxSign } from '../../../../shared/services/intake/formats/wjx.js';
import type { FieldMapping } from '../../../../shared/domain/intake-submission.js';
import { fieldsOf, jsonDelivery, NEXT_SECRET, partner, SECRET, thrown } from './format-fixtures.js';

// Shaped as 问卷星's documented push (showdoc.com.cn/wjxopenapi/7664690808275512): every value a string.
const answers = {
  activity: '5657754',
  name: '银融社区居民诉求',
  timetaken: '128',
  submittime: '2026-11-26 10:01:59',
  q1: '1',
  q2: '楼道灯坏了，三楼到五楼都不亮',
  q3: '138-0000-0032',
  q4: '3栋2单元502',
  q5: '1,3',
  joinid: '101812480275',
  totalvalue: '0',
  index: '18',
};
const push = (key = SECRET, fields: Record<string, unknown> = {}) => {
  const body = { ...answers, ...fields };
  return { ...body, sign: wjxSign(String(body.activity), String(body.index), key) };
};

const mapping: FieldMapping = {
  category: 'q1',
  // 问卷星 sends the option's index; a key may also be the option's text.
  categoryValues: { '1': 'repair', '2': 'drainage', 邻里纠纷: 'dispute' },
  description: ['q2'],
  phone: 'q3',
  address: 'q4',
};

const now = new Date('2026-11-26T02:02:00Z');
const authenticate = (body: unknown, secrets = [SECRET]) =>
  wjxFormat.authenticate(jsonDelivery(body), partner(mapping, secrets), now);
const read = (body: unknown) => wjxFormat.read(jsonDelivery(body), partner(mapping));

describe('问卷星 (wjx) sign', () => {
  it('accepts sha1(activity + index + key) of an active key, in either case, either key during a rotation', () => {
    expect(() => authenticate(push())).not.toThrow();
    expect(() => authenticate({ ...push(), sign: push().sign.toUpperCase() })).not.toThrow();
    expect(() => authenticate(push(NEXT_SECRET), [SECRET, NEXT_SECRET])).not.toThrow();
  });

  it('refuses another key, a changed index and a missing sign', () => {
    for (const body of [push('sk-someone-else'), { ...push(), index: '19' }, { ...answers }]) {
      expect(thrown(() => authenticate(body)).status).toBe(401);
    }
  });
});

describe('问卷星 (wjx) answers', () => {
  it('maps the documented push: an option index through categoryValues, joinid as the id', () => {
    expect(read(push())).toEqual({
      externalId: '101812480275',
      category: 'repair',
      description: '楼道灯坏了，三楼到五楼都不亮',
      photos: [],
      phone: '+8613800000032',
      address: { text: '3栋2单元502' },
    });
  });

  it('maps an option given as text, and a numeric joinid', () => {
    const result = read(push(SECRET, { q1: '邻里纠纷', joinid: 101812480276 }));
    expect(result).toMatchObject({ externalId: '101812480276', category: 'dispute' });
  });

  it('reads the same fields form-encoded', () => {
    const form = new URLSearchParams(push() as Record<string, string>).toString();
    const delivery = jsonDelivery(form, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(() => wjxFormat.authenticate(delivery, partner(mapping), now)).not.toThrow();
    expect(wjxFormat.read(delivery, partner(mapping)).externalId).toBe('101812480275');
  });

  it('names the field of every problem', () => {
    expect(fieldsOf(thrown(() => read({ ...push(), joinid: undefined })))).toEqual(['joinid']);
    expect(fieldsOf(thrown(() => read(push(SECRET, { q2: '' }))))).toEqual(['q2']);
    expect(fieldsOf(thrown(() => read('{"activity":')))).toEqual(['body']);
    const text = jsonDelivery(push(), { headers: { 'content-type': 'text/plain' } });
    expect(thrown(() => wjxFormat.read(text, partner(mapping))).status).toBe(415);
  });
});
