import { describe, expect, it } from 'vitest';
import {
  jiandaoyunFormat,
  jiandaoyunSignature,
} from '../../../../shared/services/intake/formats/jiandaoyun.js';
import type { FieldMapping, RawDelivery } from '../../../../shared/domain/intake-submission.js';
import { fieldsOf, jsonDelivery, NEXT_SECRET, partner, SECRET, thrown } from './format-fixtures.js';

// Shaped as 简道云's documented data push (hc.jiandaoyun.com/open/10732, widget values /open/10993).
const push = {
  op: 'data_create',
  opTime: 1764122799000,
  data: {
    _id: '6745a0bf1e2d3c4b5a697887',
    appId: '5b1f4d3c2a190817f6e5d4c3',
    entryId: '5b1f4d3c2a190817f6e5d4c4',
    createTime: '2026-11-26T02:06:39.000Z',
    _widget_1732586400001: '下水道堵了',
    _widget_1732586400002: '厨房下水道返水，已经两天了',
    _widget_1732586400003: '下水疏通',
    _widget_1732586400004: {
      province: '吉林省',
      city: '长春市',
      district: '绿园区',
      detail: '银融社区3栋2单元502',
    },
    _widget_1732586400005: [
      { name: 'drain.jpg', size: 262144, mime: 'image/jpeg', url: 'https://files.jiandaoyun.com/cqbrmcwhxm' },
    ],
    _widget_1732586400006: { phone: '13800000032', verified: true },
    _widget_1732586400007: '杨亚楠',
  },
};

const mapping: FieldMapping = {
  description: ['_widget_1732586400001', '_widget_1732586400002'],
  category: '_widget_1732586400003',
  categoryValues: { 维修: 'repair', 下水疏通: 'drainage' },
  address: '_widget_1732586400004',
  photos: '_widget_1732586400005',
  phone: '_widget_1732586400006',
  name: '_widget_1732586400007',
};

const query = { nonce: '0f5ade', timestamp: '1764122800' };
function delivery(body: unknown, secret = SECRET, extra: Partial<RawDelivery> = {}): RawDelivery {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return jsonDelivery(payload, {
    query,
    ...extra,
    headers: {
      'x-jdy-signature': jiandaoyunSignature(query.nonce, payload, secret, query.timestamp),
      'x-jdy-deliverid': '5f6b3b3c9f1e2d0011a1b2c3',
      ...extra.headers,
    },
  });
}

const now = new Date('2026-11-26T02:06:41Z');
const read = (body: unknown, extra: Partial<RawDelivery> = {}) =>
  jiandaoyunFormat.read(delivery(body, SECRET, extra), partner(mapping));

describe('简道云 (jiandaoyun) signature', () => {
  it('accepts sha1("nonce:payload:secret:timestamp") of an active secret, either one during a rotation', () => {
    const rotating = partner(mapping, [SECRET, NEXT_SECRET]);
    expect(() => jiandaoyunFormat.authenticate(delivery(push), rotating, now)).not.toThrow();
    expect(() => jiandaoyunFormat.authenticate(delivery(push, NEXT_SECRET), rotating, now)).not.toThrow();
  });

  it('refuses another secret, a changed body, and a missing signature, nonce or timestamp', () => {
    const signed = delivery(push);
    const cases: RawDelivery[] = [
      delivery(push, 'sk-someone-else'),
      { ...signed, body: signed.body.replace('502', '501') },
      { ...signed, query: { nonce: '0f5ade', timestamp: '1764122801' } },
      { ...signed, query: { timestamp: query.timestamp } },
      { ...signed, headers: { 'content-type': 'application/json' } },
    ];
    for (const candidate of cases) {
      expect(thrown(() => jiandaoyunFormat.authenticate(candidate, partner(mapping), now)).status).toBe(401);
    }
  });
});

describe('简道云 (jiandaoyun) push', () => {
  it('maps data_create: widget names, the address detail, images, the phone widget; the deliver id is the id', () => {
    expect(read(push)).toEqual({
      externalId: '5f6b3b3c9f1e2d0011a1b2c3',
      category: 'drainage',
      description: '下水道堵了\n厨房下水道返水，已经两天了',
      photos: ['https://files.jiandaoyun.com/cqbrmcwhxm'],
      contactName: '杨亚楠',
      phone: '+8613800000032',
      address: { text: '银融社区3栋2单元502' },
    });
  });

  it('handles only data_create: another op is a 400 naming op', () => {
    for (const op of ['data_update', 'data_remove', 'data_recover']) {
      const error = thrown(() => read({ ...push, op }));
      expect(error.status).toBe(400);
      expect(fieldsOf(error)).toEqual(['op']);
      expect(error.detail).toContain(op);
    }
  });

  it('names the field of every problem', () => {
    const empty = { ...push, data: { ...push.data, _widget_1732586400001: '', _widget_1732586400002: '' } };
    expect(fieldsOf(thrown(() => read(empty)))).toEqual(['data._widget_1732586400001']);
    expect(fieldsOf(thrown(() => read({ op: 'data_create' })))).toEqual(['data']);
    expect(fieldsOf(thrown(() => read(push, { headers: { 'x-jdy-deliverid': '' } })))).toEqual([
      'X-JDY-DeliverId',
    ]);
    expect(fieldsOf(thrown(() => read('{"op":')))).toEqual(['body']);
    expect(thrown(() => read(push, { headers: { 'content-type': 'text/xml' } })).status).toBe(415);
  });
});
