import { describe, expect, it } from 'vitest';
import {
  sanzhangFormat,
  SIGNATURE_WINDOW_SECONDS,
  signatureHeader,
} from '../../../../shared/services/intake/formats/sanzhang-webhook.js';
import type { RawDelivery } from '../../../../shared/domain/intake-submission.js';
import { fieldsOf, jsonDelivery, NEXT_SECRET, partner, SECRET, thrown } from './format-fixtures.js';

const now = new Date('2026-11-26T02:00:00Z');
const nowSeconds = now.getTime() / 1000;

const submission = {
  submissionId: 'wy-2026-000731',
  description: '楼道灯坏了，三楼到五楼晚上看不见台阶',
  category: 'repair',
  priority: 'high',
  phone: '+86 138-0000-0032',
  name: '杨亚楠',
  householdId: 'hh-yinrong-1-3-2-502',
  community: '银融社区',
  building: '3栋',
  unit: '2单元',
  room: '502',
  photos: ['https://wy.example.com/photos/731-1.jpg'],
  lat: 43.8712,
  long: 125.2546,
};

function signed(body: string, secret = SECRET, at = nowSeconds, type = 'application/json'): RawDelivery {
  return {
    body,
    headers: { 'content-type': type, 'sanzhang-signature': signatureHeader(secret, at, body) },
    query: {},
  };
}

const read = (delivery: RawDelivery) => sanzhangFormat.read(delivery, partner());

describe('sanzhang signature', () => {
  const body = JSON.stringify(submission);

  it('accepts a delivery signed with the active secret, within the window either way', () => {
    expect(() => sanzhangFormat.authenticate(signed(body), partner(), now)).not.toThrow();
    for (const skew of [-SIGNATURE_WINDOW_SECONDS, SIGNATURE_WINDOW_SECONDS]) {
      expect(() =>
        sanzhangFormat.authenticate(signed(body, SECRET, nowSeconds + skew), partner(), now),
      ).not.toThrow();
    }
  });

  it('accepts either secret during a rotation, and a header carrying one v1 per secret', () => {
    const rotating = partner({}, [SECRET, NEXT_SECRET]);
    expect(() => sanzhangFormat.authenticate(signed(body, SECRET), rotating, now)).not.toThrow();
    expect(() => sanzhangFormat.authenticate(signed(body, NEXT_SECRET), rotating, now)).not.toThrow();

    const both = `${signatureHeader(SECRET, nowSeconds, body)},v1=${signatureHeader(NEXT_SECRET, nowSeconds, body).split('v1=')[1]}`;
    const delivery = {
      ...signed(body),
      headers: { 'content-type': 'application/json', 'sanzhang-signature': both },
    };
    expect(() => sanzhangFormat.authenticate(delivery, partner({}, [NEXT_SECRET]), now)).not.toThrow();
  });

  it('refuses another secret and a body changed after signing', () => {
    expect(
      thrown(() => sanzhangFormat.authenticate(signed(body, 'sk-someone-else'), partner(), now)).status,
    ).toBe(401);
    const tampered = { ...signed(body), body: body.replace('502', '501') };
    const error = thrown(() => sanzhangFormat.authenticate(tampered, partner(), now));
    expect(error.status).toBe(401);
    expect(error.detail).toMatch(/No active secret/);
  });

  it('refuses a stale or future timestamp even when the signature is right', () => {
    const stale = thrown(() =>
      sanzhangFormat.authenticate(
        signed(body, SECRET, nowSeconds - SIGNATURE_WINDOW_SECONDS - 1),
        partner(),
        now,
      ),
    );
    expect(stale.status).toBe(401);
    expect(stale.detail).toMatch(/301 s old/);
    const future = thrown(() =>
      sanzhangFormat.authenticate(signed(body, SECRET, nowSeconds + 3600), partner(), now),
    );
    expect(future.detail).toMatch(/3600 s in the future/);
  });

  it('says what is wrong with a missing or malformed header', () => {
    const missing = thrown(() => sanzhangFormat.authenticate(jsonDelivery(body), partner(), now));
    expect(missing.status).toBe(401);
    expect(missing.detail).toMatch(/no sanzhang-signature header/);
    for (const header of ['v1=abc', 't=abc,v1=abc', `t=${nowSeconds}`, `t=1,t=2,v1=abc`, 'garbage']) {
      const delivery = jsonDelivery(body, { headers: { 'sanzhang-signature': header } });
      expect(thrown(() => sanzhangFormat.authenticate(delivery, partner(), now)).detail).toMatch(/malformed/);
    }
  });
});

describe('sanzhang body', () => {
  it('reads a JSON submission; a mainland mobile becomes E.164', () => {
    expect(read(signed(JSON.stringify(submission)))).toEqual({
      externalId: 'wy-2026-000731',
      category: 'repair',
      description: '楼道灯坏了，三楼到五楼晚上看不见台阶',
      priority: 'high',
      photos: ['https://wy.example.com/photos/731-1.jpg'],
      contactName: '杨亚楠',
      phone: '+8613800000032',
      householdId: 'hh-yinrong-1-3-2-502',
      address: { community: '银融社区', building: '3栋', unit: '2单元', room: '502' },
      location: { lat: 43.8712, long: 125.2546 },
    });
  });

  it('reads a form: flat address fields, photos repeated or comma-separated, coordinates as text', () => {
    const form = new URLSearchParams([
      ['submissionId', 'wy-2026-000732'],
      ['description', '单元门禁坏了，进不去楼'],
      ['address', '银融社区3栋2单元501'],
      ['photos', 'https://wy.example.com/a.jpg,https://wy.example.com/b.jpg'],
      ['photos', 'https://wy.example.com/c.jpg'],
      ['lat', '43.8712'],
      ['long', '125.2546'],
    ]).toString();
    const result = read(signed(form, SECRET, nowSeconds, 'application/x-www-form-urlencoded; charset=utf-8'));
    expect(result).toMatchObject({
      externalId: 'wy-2026-000732',
      description: '单元门禁坏了，进不去楼',
      address: { text: '银融社区3栋2单元501' },
      photos: [
        'https://wy.example.com/a.jpg',
        'https://wy.example.com/b.jpg',
        'https://wy.example.com/c.jpg',
      ],
      location: { lat: 43.8712, long: 125.2546 },
    });
    expect(result.phone).toBeUndefined();
    expect(result.category).toBeUndefined();
  });

  it('keeps a landline in the description, not as the contact phone', () => {
    const result = read(jsonDelivery({ ...submission, phone: '0431-8888 6666' }));
    expect(result.phone).toBeUndefined();
    expect(result.description).toBe('楼道灯坏了，三楼到五楼晚上看不见台阶\n联系电话：0431-8888 6666');
  });

  it('names the field of every problem', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...submission, submissionId: undefined }, 'submissionId'],
      [{ ...submission, submissionId: '731/../x' }, 'submissionId'],
      [{ ...submission, description: ' 灯 ' }, 'description'],
      [{ ...submission, priority: 'low' }, 'priority'],
      [{ ...submission, category: 'parking' }, 'category'],
      [{ ...submission, photos: ['ftp://wy.example.com/x.jpg'] }, 'photos.0'],
      [
        { ...submission, photos: Array.from({ length: 10 }, (_, i) => `https://wy.example.com/${i}.jpg`) },
        'photos',
      ],
      [{ ...submission, long: undefined }, 'long'],
      [{ ...submission, lat: 91 }, 'lat'],
      [{ ...submission, floor: '5' }, 'floor'],
    ];
    for (const [body, field] of cases) {
      const error = thrown(() => read(jsonDelivery(body)));
      expect(error.status, field).toBe(400);
      expect(fieldsOf(error)).toEqual([field]);
    }
  });

  it('rejects malformed JSON, a body that is not an object, and other content types', () => {
    expect(fieldsOf(thrown(() => read(jsonDelivery('{"submissionId":'))))).toEqual(['body']);
    expect(fieldsOf(thrown(() => read(jsonDelivery('[1, 2]'))))).toEqual(['body']);
    expect(fieldsOf(thrown(() => read(jsonDelivery(''))))).toEqual(['body']);
    const text = thrown(() => read(jsonDelivery(submission, { headers: { 'content-type': 'text/plain' } })));
    expect(text.status).toBe(415);
    expect(text.title).toBe('Unsupported media type');
  });
});
