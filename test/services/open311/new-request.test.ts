import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../shared/errors.js';
import { parseNewRequest } from '../../../shared/services/open311/new-request.js';
import { categories, thrown } from './open311-fixtures.js';

const valid = {
  api_key: 'key-abc',
  jurisdiction_id: 'lvyuan.example.gov.cn',
  service_code: 'repair',
  lat: '43.88',
  long: '125.32',
  address_string: '银融社区 3栋 2单元 502',
  email: 'yang@example.com',
  device_id: 'tt222111',
  account_id: '123456',
  first_name: '亚楠',
  last_name: '杨',
  phone: '138 1234 5678',
  description: '单元门禁坏了,\n进不去楼',
  media_url: 'https://photos.example.com/door.jpg',
  'attribute[priority]': 'urgent',
  'attribute[building]': '3栋',
  'attribute[unit]': '2单元',
  'attribute[room]': '502',
};

type Form = Record<string, string | string[]>;

function post(form: Form, encode: (body: string) => string = (body) => body) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, one);
  }
  const body = encode(params.toString());
  return parseNewRequest({ body, isBase64Encoded: body !== params.toString() }, categories);
}

function without(...fields: string[]): Form {
  return Object.fromEntries(Object.entries(valid).filter(([field]) => !fields.includes(field)));
}

describe('POST requests: what is read', () => {
  it('reads every field the spec defines, and our attributes', () => {
    expect(post(valid)).toEqual({
      apiKey: 'key-abc',
      serviceCode: 'repair',
      location: { lat: 43.88, long: 125.32 },
      addressString: '银融社区 3栋 2单元 502',
      email: 'yang@example.com',
      deviceId: 'tt222111',
      accountId: '123456',
      firstName: '亚楠',
      lastName: '杨',
      phone: '138 1234 5678',
      description: '单元门禁坏了,\n进不去楼',
      mediaUrl: 'https://photos.example.com/door.jpg',
      priority: 'urgent',
      building: '3栋',
      unit: '2单元',
      room: '502',
    });
  });

  it('reads the spec’s own example body (+ for spaces, %-encoding, attribute[code])', () => {
    const body =
      'api_key=xyz&jurisdiction_id=city.gov&service_code=drainage&lat=37.76524078&long=-122.4212043' +
      '&address_string=1234+5th+street&email=smit333%40sfgov.edu&description=A+large+sinkhole' +
      '&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg&attribute%5Bpriority%5D=high';
    const request = parseNewRequest({ body, isBase64Encoded: false }, categories);
    expect(request).toMatchObject({
      apiKey: 'xyz',
      serviceCode: 'drainage',
      location: { lat: 37.76524078, long: -122.4212043 },
      addressString: '1234 5th street',
      email: 'smit333@sfgov.edu',
      description: 'A large sinkhole',
      mediaUrl: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
      priority: 'high',
    });
  });

  it('reads a base64-encoded body (as API Gateway may pass it)', () => {
    const request = post(valid, (body) => Buffer.from(body, 'utf8').toString('base64'));
    expect(request.description).toBe('单元门禁坏了,\n进不去楼');
  });

  it('any one location is enough: lat and long, address_string or address_id', () => {
    expect(post(without('address_string')).location).toEqual({ lat: 43.88, long: 125.32 });
    expect(post(without('lat', 'long')).addressString).toBe('银融社区 3栋 2单元 502');
    expect(
      post({ ...without('lat', 'long', 'address_string'), address_id: 'hh-yinrong-1-3-2-502' }).addressId,
    ).toBe('hh-yinrong-1-3-2-502');
  });

  it('without a description, the service’s name; empty fields count as not given', () => {
    expect(post(without('description')).description).toBe('维修');
    expect(post({ ...valid, description: '   ', email: '', 'attribute[priority]': '' })).toMatchObject({
      description: '维修',
      email: undefined,
      priority: undefined,
    });
  });

  it('ignores fields the spec does not define; a field repeated with the same value is one value', () => {
    expect(post({ ...valid, callback: 'x', service_code: ['repair', 'repair'] }).serviceCode).toBe('repair');
  });

  it('accepts a description of exactly 4,000 characters, http media', () => {
    expect(post({ ...valid, description: '修'.repeat(4000) }).description).toHaveLength(4000);
    expect(post({ ...valid, media_url: 'http://photos.example.com/a.jpg' }).mediaUrl).toBe(
      'http://photos.example.com/a.jpg',
    );
  });
});

describe('POST requests: what is refused', () => {
  it('no api_key: 403 before anything else', () => {
    thrown(() => post(without('api_key', 'service_code')), ForbiddenError, ['api_key']);
    thrown(() => post({ ...valid, api_key: ' ' }), ForbiddenError, ['api_key']);
    thrown(() => parseNewRequest({ isBase64Encoded: false }, categories), ForbiddenError, ['api_key']);
  });

  it('no service_code: 400; an unknown one: 404', () => {
    thrown(() => post(without('service_code')), ValidationError, ['service_code']);
    const error = thrown(() => post({ ...valid, service_code: 'pothole' }), NotFoundError, ['service_code']);
    expect(error.errors[0]?.message).toContain('repair, drainage');
  });

  it('no location: 400 naming it', () => {
    const error = thrown(() => post(without('lat', 'long', 'address_string')), ValidationError, ['location']);
    expect(error.errors[0]?.message).toBe('required: lat and long, address_string or address_id');
  });

  it('one coordinate without the other: 400 naming the missing one', () => {
    thrown(() => post(without('long')), ValidationError, ['long']);
    thrown(() => post(without('lat')), ValidationError, ['lat']);
  });

  it.each([
    ['lat', '91'],
    ['lat', '-90.5'],
    ['lat', 'north'],
    ['lat', '1e3'],
    ['lat', 'NaN'],
    ['long', '180.0001'],
    ['long', 'Infinity'],
    ['long', '0x10'],
  ])('%s=%s: 400', (field, value) => {
    thrown(() => post({ ...valid, [field]: value }), ValidationError, [field]);
  });

  it.each([
    ['description', '修'.repeat(4001)],
    ['media_url', 'ftp://photos.example.com/door.jpg'],
    ['media_url', 'javascript:alert(1)'],
    ['media_url', 'door.jpg'],
    ['email', 'not-an-address'],
    ['phone', 'call me'],
    ['address_id', 'hh yinrong 502'],
    ['first_name', '名'.repeat(51)],
    ['address_string', '址'.repeat(501)],
  ])('%s malformed: 400 naming it', (field, value) => {
    thrown(() => post({ ...valid, [field]: value }), ValidationError, [field]);
  });

  it('names every malformed field at once', () => {
    thrown(() => post({ ...valid, lat: '95', media_url: 'ftp://x.example.com/a' }), ValidationError, [
      'lat',
      'media_url',
    ]);
  });

  it('a field given twice with two values: 400', () => {
    thrown(() => post({ ...valid, service_code: ['repair', 'drainage'] }), ValidationError, ['service_code']);
  });

  it.each([
    [{ 'attribute[priority]': 'low' }, 'attribute[priority]'],
    [{ 'attribute[priority][]': ['high', 'urgent'] }, 'attribute[priority]'],
    [{ 'attribute[colour]': 'red' }, 'attribute[colour]'],
    [{ 'attribute[room]': '502\n503' }, 'attribute[room]'],
    [{ 'attribute[building]': '栋'.repeat(201) }, 'attribute[building]'],
  ])('bad attribute %j: 400 naming it', (attributes, field) => {
    thrown(() => post({ ...without('attribute[priority]'), ...attributes }), ValidationError, [field]);
  });
});

describe('POST requests: keys that name Object’s own properties', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'a field named %s is ignored like any field the spec does not define',
    (key) => {
      expect(post({ ...valid, [key]: 'x' })).toEqual(post(valid));
    },
  );

  it.each(['__proto__', 'constructor', 'toString'])(
    'attribute[%s] is an unknown attribute: 400 naming it',
    (code) => {
      thrown(() => post({ ...valid, [`attribute[${code}]`]: 'x' }), ValidationError, [`attribute[${code}]`]);
    },
  );

  it('pollutes no prototype', () => {
    post({ ...valid, ['__proto__']: 'x', constructor: 'y' });
    thrown(() => post({ ...valid, 'attribute[__proto__]': 'y' }), ValidationError);
    post({ ...valid, '__proto__[polluted]': 'yes', 'constructor[prototype][polluted]': 'yes' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
