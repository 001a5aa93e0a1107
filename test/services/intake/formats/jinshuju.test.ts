import { describe, expect, it } from 'vitest';
import { jinshujuFormat } from '../../../../shared/services/intake/formats/jinshuju.js';
import type { FieldMapping } from '../../../../shared/domain/intake-submission.js';
import { fieldsOf, jsonDelivery, NEXT_SECRET, partner, SECRET, thrown } from './format-fixtures.js';

// Shaped as 金数据's documented push («Webhook 数据格式», open.jinshuju.net / github.com/jinshuju/open-doc).
const push = {
  form: 'Yr7kQp',
  form_name: '银融社区居民诉求登记',
  entry: {
    serial_number: 59,
    field_1: '楼道灯坏了',
    field_2: '三楼到五楼都不亮\r\n晚上老人上下楼很危险',
    field_3: '安全隐患',
    field_4: { province: '吉林省', city: '长春市', district: '绿园区', street: '银融社区3栋2单元502' },
    field_5: '13800000032',
    field_6: '杨亚楠',
    field_7: ['https://gd-pri.jinshujufiles.com/en/Yr7kQp/light.jpg?token=abc'],
    field_8: '紧急',
    creator_name: '',
    created_at: '2026-11-26T02:06:39.539Z',
    updated_at: '2026-11-26T02:06:39.539Z',
    info_filling_duration: 213,
    info_platform: 'iPhone',
    info_os: 'iOS 18.1',
    info_browser: 'Wechat Browser 8.0.50',
    info_region: { country: '中国', province: '吉林省', city: '长春市', country_iso_code: 'CN' },
    info_remote_ip: '114.114.114.114',
  },
};

const mapping: FieldMapping = {
  description: ['field_1', 'field_2'],
  category: 'field_3',
  categoryValues: { 维修: 'repair', 安全隐患: 'safety' },
  address: 'field_4',
  phone: 'field_5',
  name: 'field_6',
  photos: 'field_7',
  priority: 'field_8',
};

const withEntry = (fields: Record<string, unknown>) => ({ ...push, entry: { ...push.entry, ...fields } });
const read = (body: unknown) => jinshujuFormat.read(jsonDelivery(body), partner(mapping));

describe('金数据 (jinshuju) push', () => {
  const now = new Date('2026-11-26T02:06:40Z');

  it('is proved by the URL token of an active secret only', () => {
    const rotating = partner(mapping, [SECRET, NEXT_SECRET]);
    expect(() =>
      jinshujuFormat.authenticate(jsonDelivery(push, { pathToken: NEXT_SECRET }), rotating, now),
    ).not.toThrow();
    // X-Requested-By: jinshuju is no proof: anyone can send it.
    const forged = jsonDelivery(push, { pathToken: 'sk-guessed', headers: { 'x-requested-by': 'jinshuju' } });
    expect(thrown(() => jinshujuFormat.authenticate(forged, rotating, now)).status).toBe(401);
  });

  it('maps the documented entry: API codes, the address object, attachments, a Chinese priority', () => {
    expect(read(push)).toEqual({
      externalId: 'Yr7kQp:59',
      category: 'safety',
      description: '楼道灯坏了\n三楼到五楼都不亮\r\n晚上老人上下楼很危险',
      priority: 'urgent',
      photos: ['https://gd-pri.jinshujufiles.com/en/Yr7kQp/light.jpg?token=abc'],
      contactName: '杨亚楠',
      phone: '+8613800000032',
      address: { text: '银融社区3栋2单元502' },
    });
  });

  it('keeps a landline in the description so staff can call', () => {
    const result = read(withEntry({ field_5: '0431-88886666' }));
    expect(result.phone).toBeUndefined();
    expect(result.description).toBe(
      '楼道灯坏了\n三楼到五楼都不亮\r\n晚上老人上下楼很危险\n联系电话：0431-88886666',
    );
  });

  it('keeps a long description, cut to 2000 characters, rather than losing the request', () => {
    const result = read(withEntry({ field_1: '灯'.repeat(2500), field_2: '' }));
    expect(result.description).toHaveLength(2000);
    expect(result.description.endsWith('灯…')).toBe(true);
  });

  it('names the field of every problem', () => {
    const cases: [unknown, string][] = [
      [withEntry({ field_1: '', field_2: '' }), 'entry.field_1'],
      [withEntry({ field_7: ['javascript:alert(1)'] }), 'entry.field_7'],
      [withEntry({ serial_number: undefined }), 'entry.serial_number'],
      [{ ...push, form: '' }, 'form'],
      [{ form: 'Yr7kQp' }, 'entry'],
    ];
    for (const [body, field] of cases) {
      const error = thrown(() => read(body));
      expect(error.status, field).toBe(400);
      expect(fieldsOf(error)).toEqual([field]);
    }
  });

  it('rejects malformed JSON and other content types', () => {
    expect(fieldsOf(thrown(() => read('{"form":"Yr7kQp",')))).toEqual(['body']);
    const form = jsonDelivery('form=Yr7kQp', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(thrown(() => jinshujuFormat.read(form, partner(mapping))).status).toBe(415);
  });
});
