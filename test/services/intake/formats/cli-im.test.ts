import { describe, expect, it } from 'vitest';
import { cliImFormat } from '../../../../shared/services/intake/formats/cli-im.js';
import type { FieldMapping } from '../../../../shared/domain/intake-submission.js';
import { fieldsOf, jsonDelivery, NEXT_SECRET, partner, SECRET, thrown } from './format-fixtures.js';

// Shaped as 草料's documented FORM_DATA_SUBMIT example (github.com/caoliao/API, data-api/webhook.md):
// a stairwell batch child code (子码) whose fill-ins say the building and unit.
const push = {
  time: '2026-11-26 10:06:39',
  event: 'FORM_DATA_SUBMIT',
  data: {
    ref_data: {
      created_at: '2026-11-26 10:06:39',
      serial_number: 'L1000731',
      form: { number: 'D20', name: '楼道报修' },
      submitter: { name: '杨亚楠', phone_number: '13800000032' },
      process: { state: '未处理', time: '2026-11-26 10:06:39' },
      fields: {
        姓名: '杨亚楠',
        手机: '138 0000 0032',
        问题类型: '维修',
        问题描述: '楼道灯坏了，晚上看不见台阶',
        补充说明: '三楼到五楼都不亮',
        房号: '502',
        现场照片: {
          preview_url: 'https://cli.im/preview/L1000731',
          urls: [
            'https://ncstatic.clewm.net/rsrc/2026/1126/light-1.jpg',
            'https://ncstatic.clewm.net/rsrc/2026/1126/light-2.jpg',
          ],
        },
        检查项: { 灯具: '否', 开关: '是' },
      },
      ref_qrcode: {
        name: '银融社区3栋2单元楼道码',
        type: 'CHILD',
        code: 'qAbCxZ',
        template: { name: '楼道报修码' },
        fields: { 楼栋: '3栋', 单元: '2单元' },
        state: { 状态组1: '正常' },
      },
    },
  },
};

const mapping: FieldMapping = {
  category: '问题类型',
  categoryValues: { 维修: 'repair', 下水堵塞: 'drainage' },
  description: ['问题描述', '补充说明'],
  name: '姓名',
  phone: '手机',
  building: '楼栋',
  unit: '单元',
  room: '房号',
  photos: '现场照片',
};

const withFields = (fields: Record<string, unknown>) => ({
  ...push,
  data: { ref_data: { ...push.data.ref_data, fields: { ...push.data.ref_data.fields, ...fields } } },
});
const read = (body: unknown, map = mapping) => cliImFormat.read(jsonDelivery(body), partner(map));

describe('草料 (cli-im) token', () => {
  const now = new Date('2026-11-26T02:06:40Z');

  it('accepts the token of an active secret, either one during a rotation', () => {
    const rotating = partner(mapping, [SECRET, NEXT_SECRET]);
    for (const token of [SECRET, NEXT_SECRET]) {
      expect(() =>
        cliImFormat.authenticate(jsonDelivery(push, { pathToken: token }), rotating, now),
      ).not.toThrow();
    }
  });

  it('refuses a wrong, a truncated or a missing token', () => {
    for (const pathToken of ['sk-guessed', SECRET.slice(0, -1), undefined]) {
      const error = thrown(() =>
        cliImFormat.authenticate(jsonDelivery(push, { pathToken }), partner(mapping), now),
      );
      expect(error.status).toBe(401);
    }
  });
});

describe('草料 (cli-im) push', () => {
  it('maps the documented record: labels, the code’s fill-ins, images, a mobile', () => {
    expect(read(push)).toEqual({
      externalId: 'L1000731:FORM_DATA_SUBMIT',
      category: 'repair',
      description: '楼道灯坏了，晚上看不见台阶\n三楼到五楼都不亮',
      photos: [
        'https://ncstatic.clewm.net/rsrc/2026/1126/light-1.jpg',
        'https://ncstatic.clewm.net/rsrc/2026/1126/light-2.jpg',
      ],
      contactName: '杨亚楠',
      phone: '+8613800000032',
      address: { building: '3栋', unit: '2单元', room: '502' },
    });
  });

  it('keeps a checklist with its labels when it is part of the description', () => {
    const result = read(push, { ...mapping, description: ['问题描述', '检查项'] });
    expect(result.description).toBe('楼道灯坏了，晚上看不见台阶\n灯具：否；开关：是');
  });

  it('uses the logged-in submitter when the form asks no name or phone; an unknown answer is no category', () => {
    const result = read(withFields({ 问题类型: '其他' }), {
      description: ['问题描述'],
      category: '问题类型',
    });
    expect(result).toMatchObject({ contactName: '杨亚楠', phone: '+8613800000032' });
    expect(result.category).toBeUndefined();
  });

  it('creates only from a new record: an edit or a review is a 400 naming the event', () => {
    for (const event of ['FORM_DATA_EDITED', 'FORM_DATA_REVIEW']) {
      const error = thrown(() => read({ ...push, event }));
      expect(error.status).toBe(400);
      expect(fieldsOf(error)).toEqual(['event']);
      expect(error.detail).toContain(event);
    }
  });

  it('names the field of every problem', () => {
    const cases: [unknown, string][] = [
      [withFields({ 问题描述: '', 补充说明: ' ' }), 'data.ref_data.fields.问题描述'],
      [withFields({ 现场照片: { preview_url: 'x', urls: ['not a url'] } }), 'data.ref_data.fields.现场照片'],
      [
        { ...push, data: { ref_data: { ...push.data.ref_data, serial_number: undefined } } },
        'data.ref_data.serial_number',
      ],
      [{ ...push, data: {} }, 'data.ref_data'],
      [{ ...push, event: undefined }, 'event'],
    ];
    for (const [body, field] of cases) {
      const error = thrown(() => read(body));
      expect(error.status, field).toBe(400);
      expect(fieldsOf(error)).toEqual([field]);
    }
  });

  it('accepts JSON only', () => {
    const form = jsonDelivery('event=FORM_DATA_SUBMIT', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(thrown(() => cliImFormat.read(form, partner(mapping))).status).toBe(415);
    expect(fieldsOf(thrown(() => read('{"event":')))).toEqual(['body']);
  });
});
