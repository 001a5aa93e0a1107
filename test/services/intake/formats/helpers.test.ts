import { describe, expect, it } from 'vitest';
import { answerText, answerUrls, photoList } from '../../../../shared/services/intake/formats/answers.js';
import { parseDeliveryBody } from '../../../../shared/services/intake/formats/body.js';
import { composeDescription, normalizePhone } from '../../../../shared/services/intake/formats/contact.js';
import { FORMAT_ADAPTERS } from '../../../../shared/services/intake/formats/index.js';
import { anySecretMatches, safeEqual } from '../../../../shared/domain/intake-secrets.js';
import { INTAKE_FORMATS } from '../../../../shared/domain/intake-submission.js';
import { fieldsOf, jsonDelivery, thrown } from './format-fixtures.js';

describe('format helpers', () => {
  it('has an adapter for every webhook format', () => {
    expect(Object.keys(FORMAT_ADAPTERS).sort()).toEqual(
      INTAKE_FORMATS.filter((format) => format !== 'open311').sort(),
    );
  });

  it('compares secrets in constant time, whatever their lengths, and tries every active secret', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'abc')).toBe(false);
    expect(anySecretMatches(['b', 'x'], ['a', 'b'], (secret) => secret)).toBe(true);
    expect(anySecretMatches(['x'], [], (secret) => secret)).toBe(false);
  });

  it('normalizes mainland mobiles to E.164 and nothing else', () => {
    for (const given of [
      '13800000032',
      '138 0000 0032',
      '+86 138-0000-0032',
      '0086 13800000032',
      '(+86)13800000032',
    ]) {
      expect(normalizePhone(given), given).toBe('+8613800000032');
    }
    for (const given of ['0431-88886666', '+1 415 555 0100', '1380000003', '23800000032', '']) {
      expect(normalizePhone(given), given).toBeUndefined();
    }
  });

  it('never cuts a description inside a surrogate pair', () => {
    const text = `${'灯'.repeat(1998)}😀😀`;
    const kept = composeDescription(text);
    expect(kept).toHaveLength(1999);
    expect(kept.endsWith('灯…')).toBe(true);
  });

  it('reads answers of every shape as text and photo URLs', () => {
    expect(answerText(['选项 A', '选项 B'])).toBe('选项 A、选项 B');
    expect(answerText(12)).toBe('12');
    expect(
      answerText({ province: '吉林省', city: '长春市', district: '绿园区', street: '银融社区3栋' }),
    ).toBe('吉林省长春市绿园区银融社区3栋');
    expect(answerText(null)).toBe('');
    expect(answerUrls('https://a.example/1.jpg, https://a.example/2.jpg')).toEqual([
      'https://a.example/1.jpg',
      'https://a.example/2.jpg',
    ]);
    const many = Array.from({ length: 12 }, (_, i) => `https://a.example/${i}.jpg`);
    expect(photoList(many, 'entry.field_7')).toHaveLength(9);
  });

  it('reads a form body with repeated fields, and keeps __proto__ a plain field', () => {
    const delivery = jsonDelivery('a=1&a=2&__proto__=x', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const fields = parseDeliveryBody(delivery);
    expect(fields.a).toEqual(['1', '2']);
    expect(Object.keys(fields)).toEqual(['a', '__proto__']);
  });

  it('turns a JSON body that is not an object into a 400 on body, and no content type into a 415', () => {
    expect(fieldsOf(thrown(() => parseDeliveryBody(jsonDelivery('"text"'))))).toEqual(['body']);
    expect(thrown(() => parseDeliveryBody({ body: '{}', headers: {}, query: {} })).status).toBe(415);
  });
});
