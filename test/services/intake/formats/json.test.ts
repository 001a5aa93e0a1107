import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jiandaoyunSignature } from '../../../../shared/services/intake/formats/jiandaoyun.js';
import { jsonConfigProblems, jsonFormat } from '../../../../shared/services/intake/formats/json.js';
import type {
  FieldMapping,
  JsonFormatConfig,
  JsonProof,
} from '../../../../shared/domain/intake-submission.js';
import { fieldsOf, jsonDelivery, NEXT_SECRET, partner, SECRET, thrown } from './format-fixtures.js';

/**
 * 飞书 (Feishu) 多维表格 «多维表格记录变更» event, `drive.file.bitable_record_changed_v1`, shaped as
 * the open platform's documented callback example
 * (https://open.larksuite.com/document/server-docs/docs/drive-v1/event/list/bitable-record-changed):
 * a 2.0 event `{schema, header{event_id, token, create_time, event_type, tenant_key, app_id}, event{…,
 * action_list[{record_id, action, before_value, after_value[{field_id, field_value}]}]}}`. A 飞书
 * form writes its answers as a record of a 多维表格: a new answer is `record_added`.
 */
const VERIFICATION_TOKEN = 'L3bzVf0sz7qb9XoTavpsHe0uJv7abcef';
const feishuEvent = {
  schema: '2.0',
  header: {
    event_id: '85ec04b2f6cff27a1bf249b26fbabcef',
    token: VERIFICATION_TOKEN,
    create_time: '1764122799000',
    event_type: 'drive.file.bitable_record_changed_v1',
    tenant_key: '736588c9260abcef',
    app_id: 'cli_a00c8400a7babcef',
  },
  event: {
    file_type: 'bitable',
    file_token: 'bascnxGmL0UrNQL6r2f6Dabcdef',
    table_id: 'tblOOXDaIAbcdef',
    revision: 17,
    operator_id: {
      open_id: 'ou_2c4a9e8b0f7d6c5b4a3e2d1c0b9a8f7e',
      union_id: 'on_8ed6aa67826108097d9ee143816345',
      user_id: null,
    },
    action_list: [
      {
        record_id: 'recbnMcAbcdef',
        action: 'record_added',
        before_value: [],
        after_value: [
          { field_id: 'fldTitle01', field_value: '楼道灯坏了' },
          { field_id: 'fldDetail1', field_value: '3栋2单元楼道灯不亮,晚上看不见' },
          { field_id: 'fldAddress', field_value: '银融社区3栋2单元502' },
          { field_id: 'fldPhone01', field_value: '13800000032' },
          { field_id: 'fldName001', field_value: '杨亚楠' },
          { field_id: 'fldKind001', field_value: '维修' },
        ],
      },
    ],
    subscriber_id_list: [
      {
        open_id: 'ou_2c4a9e8b0f7d6c5b4a3e2d1c0b9a8f7e',
        union_id: 'on_8ed6aa67826108097d9ee143816345',
        user_id: null,
      },
    ],
  },
};

const field = (id: string) => `$.event.action_list[0].after_value[?@.field_id=='${id}'].field_value`;

const mapping: FieldMapping = {
  description: [field('fldTitle01'), field('fldDetail1')],
  address: field('fldAddress'),
  phone: field('fldPhone01'),
  name: field('fldName001'),
  category: field('fldKind001'),
  categoryValues: { 维修: 'repair' },
};

const feishu: JsonFormatConfig = {
  deliveryId: '$.header.event_id',
  event: { path: '$.event.action_list[0].action', equals: ['record_added'] },
  proof: { type: 'secret-value', at: '$.header.token' },
  handshake: { when: '$.type', equals: 'url_verification', echo: '$.challenge', as: 'challenge' },
};

const withConfig = (json: JsonFormatConfig, map: FieldMapping = mapping, secrets = [VERIFICATION_TOKEN]) => ({
  ...partner(map, secrets),
  json,
});

describe('a 飞书 多维表格 record, configured only by mapping and json config', () => {
  const configured = withConfig(feishu);
  const now = new Date();

  it('is proven by its verification token and read through JSONPath filters over nested arrays', () => {
    const delivery = jsonDelivery(feishuEvent);
    expect(() => jsonFormat.authenticate(delivery, configured, now)).not.toThrow();
    expect(jsonFormat.read(delivery, configured)).toEqual({
      externalId: '85ec04b2f6cff27a1bf249b26fbabcef',
      description: '楼道灯坏了\n3栋2单元楼道灯不亮,晚上看不见',
      category: 'repair',
      photos: [],
      contactName: '杨亚楠',
      phone: '+8613800000032',
      address: { text: '银融社区3栋2单元502', building: undefined, unit: undefined, room: undefined },
    });
  });

  it('is refused with another token (401), and an edited record is a 400 naming the event path', () => {
    const forged = { ...feishuEvent, header: { ...feishuEvent.header, token: 'forged-token-000000' } };
    expect(thrown(() => jsonFormat.authenticate(jsonDelivery(forged), configured, now)).status).toBe(401);
    const edited = structuredClone(feishuEvent);
    edited.event.action_list[0]!.action = 'record_edited';
    const error = thrown(() => jsonFormat.read(jsonDelivery(edited), configured));
    expect(error.status).toBe(400);
    expect(fieldsOf(error)).toEqual(['$.event.action_list[0].action']);
  });

  it('answers the URL verification with the challenge, as 飞书 documents it, and nothing else', () => {
    const challenge = { challenge: 'ajls384kdjx98XX', token: VERIFICATION_TOKEN, type: 'url_verification' };
    expect(jsonFormat.handshake?.(jsonDelivery(challenge), configured)).toEqual({
      contentType: 'application/json',
      body: '{"challenge":"ajls384kdjx98XX"}',
    });
    expect(jsonFormat.handshake?.(jsonDelivery(feishuEvent), configured)).toBeUndefined();
    expect(jsonFormat.handshake?.(jsonDelivery('not json'), configured)).toBeUndefined();
  });

  it('names the missing delivery id and the missing description by their paths', () => {
    const { event_id: _id, ...header } = feishuEvent.header;
    expect(
      fieldsOf(thrown(() => jsonFormat.read(jsonDelivery({ ...feishuEvent, header }), configured))),
    ).toEqual(['$.header.event_id']);
    const empty = structuredClone(feishuEvent);
    empty.event.action_list[0]!.after_value = [];
    expect(fieldsOf(thrown(() => jsonFormat.read(jsonDelivery(empty), configured)))).toEqual([
      field('fldTitle01'),
    ]);
  });
});

describe('the proofs a json partner may configure', () => {
  const body = JSON.stringify(feishuEvent);
  const seconds = () => String(Math.floor(Date.now() / 1000));
  const configured = (proof: JsonProof) =>
    withConfig({ ...feishu, proof, handshake: undefined }, mapping, [SECRET, NEXT_SECRET]);

  it('a URL token', () => {
    const proof: JsonProof = { type: 'url-token' };
    const now = new Date();
    expect(() =>
      jsonFormat.authenticate(jsonDelivery(body, { pathToken: NEXT_SECRET }), configured(proof), now),
    ).not.toThrow();
    expect(
      thrown(() => jsonFormat.authenticate(jsonDelivery(body, { pathToken: 'nope' }), configured(proof), now))
        .status,
    ).toBe(401);
  });

  it('a header that must equal a secret', () => {
    const proof: JsonProof = { type: 'secret-value', at: 'header:X-Api-Key' };
    const now = new Date();
    expect(() =>
      jsonFormat.authenticate(
        jsonDelivery(body, { headers: { 'x-api-key': SECRET } }),
        configured(proof),
        now,
      ),
    ).not.toThrow();
    expect(thrown(() => jsonFormat.authenticate(jsonDelivery(body), configured(proof), now)).detail).toMatch(
      /no secret at header:X-Api-Key/,
    );
  });

  describe('HMAC-SHA256 over "{timestamp}.{body}", hex with a prefix, in a header, with a replay window', () => {
    const proof: JsonProof = {
      type: 'signature',
      algorithm: 'hmac-sha256',
      encoding: 'hex',
      signature: 'header:x-signature',
      prefix: 'sha256=',
      template: '{timestamp}.{body}',
      timestamp: 'header:x-timestamp',
      windowSeconds: 300,
    };
    const sign = (secret: string, at: string, signedBody = body) =>
      `sha256=${createHmac('sha256', secret).update(`${at}.${signedBody}`).digest('hex')}`;
    const deliver = (signature: string, at: string) =>
      jsonDelivery(body, { headers: { 'x-signature': signature, 'x-timestamp': at } });

    it('accepts either active secret', () => {
      const at = seconds();
      expect(() =>
        jsonFormat.authenticate(deliver(sign(SECRET, at), at), configured(proof), new Date()),
      ).not.toThrow();
      expect(() =>
        jsonFormat.authenticate(deliver(sign(NEXT_SECRET, at), at), configured(proof), new Date()),
      ).not.toThrow();
    });

    it('refuses another secret, other bytes, and a timestamp outside the window', () => {
      const at = seconds();
      expect(
        thrown(() =>
          jsonFormat.authenticate(
            deliver(sign('other-secret-000000', at), at),
            configured(proof),
            new Date(),
          ),
        ).status,
      ).toBe(401);
      expect(
        thrown(() =>
          jsonFormat.authenticate(deliver(sign(SECRET, at, `${body} `), at), configured(proof), new Date()),
        ).status,
      ).toBe(401);
      const old = String(Number(at) - 301);
      expect(
        thrown(() => jsonFormat.authenticate(deliver(sign(SECRET, old), old), configured(proof), new Date()))
          .detail,
      ).toMatch(/old \(more than 300 s\)/);
    });
  });

  it('HMAC-SHA1 in base64 over a nonce and the body, the nonce in the query', () => {
    const proof: JsonProof = {
      type: 'signature',
      algorithm: 'hmac-sha1',
      encoding: 'base64',
      signature: 'header:x-signature',
      template: '{nonce}\n{body}',
      nonce: 'query:nonce',
    };
    const signature = createHmac('sha1', SECRET).update(`n-42\n${body}`).digest('base64');
    const delivery = jsonDelivery(body, { headers: { 'x-signature': signature }, query: { nonce: 'n-42' } });
    expect(() => jsonFormat.authenticate(delivery, configured(proof), new Date())).not.toThrow();
    const other = { ...delivery, query: { nonce: 'n-43' } };
    expect(thrown(() => jsonFormat.authenticate(other, configured(proof), new Date())).status).toBe(401);
  });

  it('a plain SHA-1 over a template holding the secret: 简道云’s own scheme, as configuration', () => {
    const proof: JsonProof = {
      type: 'signature',
      algorithm: 'sha1',
      encoding: 'hex',
      signature: 'header:x-jdy-signature',
      template: '{nonce}:{body}:{secret}:{timestamp}',
      nonce: 'query:nonce',
      timestamp: 'query:timestamp',
      // 简道云's retries re-send the first timestamp: no window, the deliver id dedupes.
      windowSeconds: 0,
    };
    const delivery = jsonDelivery(body, {
      headers: { 'x-jdy-signature': jiandaoyunSignature('abc123', body, SECRET, '1600000000') },
      query: { nonce: 'abc123', timestamp: '1600000000' },
    });
    expect(() => jsonFormat.authenticate(delivery, configured(proof), new Date())).not.toThrow();
  });

  it('a plain SHA-256 of 飞书’s documented "{timestamp}{nonce}{secret}{body}", timestamps in seconds', () => {
    const proof: JsonProof = {
      type: 'signature',
      algorithm: 'sha256',
      encoding: 'hex',
      signature: 'header:x-lark-signature',
      template: '{timestamp}{nonce}{secret}{body}',
      timestamp: 'header:x-lark-request-timestamp',
      nonce: 'header:x-lark-request-nonce',
    };
    const at = seconds();
    const signature = createHash('sha256').update(`${at}n0nce${SECRET}${body}`).digest('hex');
    const delivery = jsonDelivery(body, {
      headers: {
        'x-lark-signature': signature,
        'x-lark-request-timestamp': at,
        'x-lark-request-nonce': 'n0nce',
      },
    });
    expect(() => jsonFormat.authenticate(delivery, configured(proof), new Date())).not.toThrow();
  });
});

describe('a json partner’s configuration, checked when the partner is written', () => {
  it('is sound for the 飞书 example', () => {
    expect(jsonConfigProblems(mapping, feishu)).toEqual([]);
  });

  it('names every path that does not parse, a bad source name, and an unkeyed plain hash', () => {
    const problems = jsonConfigProblems(
      { description: ['$.ok', '$.event[?'], phone: 'header:bad name' },
      {
        deliveryId: 'event_id',
        proof: {
          type: 'signature',
          algorithm: 'sha1',
          encoding: 'hex',
          signature: 'header:x-sign',
          template: '{body}',
        },
      },
    );
    expect(problems.map((problem) => problem.field)).toEqual([
      'mapping.description[1]',
      'mapping.phone',
      'json.deliveryId',
      'json.proof.template',
    ]);
  });

  it('requires the json config for the json format', () => {
    expect(jsonConfigProblems(mapping, undefined)).toEqual([
      { field: 'json', message: 'required for format json' },
    ]);
  });
});
