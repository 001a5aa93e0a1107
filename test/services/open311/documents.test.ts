import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/errors.js';
import {
  createdDocument,
  discoveryDocument,
  tokenDocument,
} from '../../../shared/services/open311/documents.js';
import { open311Response, type Open311Format } from '../../../shared/services/open311/response.js';
import { serviceDefinitionDocument, serviceListDocument } from '../../../shared/services/open311/services.js';
import type { Open311Document } from '../../../shared/services/open311/spark.js';
import { asXmlText, categories, children, json, spark, text, thrown, xmlRoot } from './open311-fixtures.js';

function both(document: Open311Document) {
  const render = (format: Open311Format) => open311Response(200, document, format);
  const root = xmlRoot(render('xml'), document.root);
  const asJson = json(render('json'));
  // The XML is the JSON by the Spark convention, field for field.
  expect(spark(root)).toEqual(asXmlText(asJson));
  return { xml: root, json: asJson };
}

describe('discovery', () => {
  const document = discoveryDocument({
    changeset: '2026-11-01T00:00:00Z',
    contact: 'open311@lvyuan.example.gov.cn 0431-12345678',
    keyService: '向区政务服务中心申请 api_key',
    url: 'https://api.lvyuan.example.gov.cn/open311/v2',
    type: 'production',
  });

  it('lists our GeoReport v2 endpoint with both formats (XML)', () => {
    const { xml } = both(document);
    expect(text(xml, 'changeset')).toBe('2026-11-01T00:00:00Z');
    expect(text(xml, 'contact')).toBe('open311@lvyuan.example.gov.cn 0431-12345678');
    expect(text(xml, 'key_service')).toBe('向区政务服务中心申请 api_key');
    const [endpoints] = children(xml, 'endpoints');
    const [endpoint, ...more] = children(endpoints, 'endpoint');
    expect(more).toEqual([]);
    expect(text(endpoint, 'specification')).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(text(endpoint, 'url')).toBe('https://api.lvyuan.example.gov.cn/open311/v2');
    expect(text(endpoint, 'changeset')).toBe('2026-11-01T00:00:00Z');
    expect(text(endpoint, 'type')).toBe('production');
    expect(children(children(endpoint, 'formats')[0], 'format')).toEqual(['text/xml', 'application/json']);
  });

  it('is an object in JSON, endpoints and formats arrays', () => {
    expect(both(document).json).toEqual({
      changeset: '2026-11-01T00:00:00Z',
      contact: 'open311@lvyuan.example.gov.cn 0431-12345678',
      key_service: '向区政务服务中心申请 api_key',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: 'https://api.lvyuan.example.gov.cn/open311/v2',
          changeset: '2026-11-01T00:00:00Z',
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    });
  });
});

describe('service list', () => {
  it('one service per category, code and name from the config (XML)', () => {
    const { xml } = both(serviceListDocument(categories, 'realtime'));
    const services = children(xml, 'service');
    expect(services).toHaveLength(2);
    const [repair] = services;
    expect(text(repair, 'service_code')).toBe('repair');
    expect(text(repair, 'service_name')).toBe('维修');
    expect(text(repair, 'description')).toBe('');
    expect(text(repair, 'metadata')).toBe('true');
    expect(text(repair, 'type')).toBe('realtime');
    expect(text(repair, 'keywords')).toBe('');
    expect(text(repair, 'group')).toBe('');
    expect(text(services[1], 'service_code')).toBe('drainage');
  });

  it('an array in JSON with the spec’s fields in order, booleans as booleans', () => {
    const { json: services } = both(serviceListDocument(categories, 'batch'));
    expect(services).toEqual([
      {
        service_code: 'repair',
        service_name: '维修',
        description: null,
        metadata: true,
        type: 'batch',
        keywords: null,
        group: null,
      },
      {
        service_code: 'drainage',
        service_name: '下水疏通',
        description: null,
        metadata: true,
        type: 'batch',
        keywords: null,
        group: null,
      },
    ]);
    expect(Object.keys((services as object[])[0] ?? {})).toEqual([
      'service_code',
      'service_name',
      'description',
      'metadata',
      'type',
      'keywords',
      'group',
    ]);
  });
});

describe('service definition', () => {
  it('has the priority list and the building, unit and room strings (XML)', () => {
    const { xml } = both(serviceDefinitionDocument('drainage', categories));
    expect(text(xml, 'service_code')).toBe('drainage');
    const attributes = children(children(xml, 'attributes')[0], 'attribute');
    expect(attributes.map((attribute) => text(attribute, 'code'))).toEqual([
      'priority',
      'building',
      'unit',
      'room',
    ]);
    const [priority, building] = attributes;
    expect(text(priority, 'variable')).toBe('true');
    expect(text(priority, 'datatype')).toBe('singlevaluelist');
    expect(text(priority, 'required')).toBe('false');
    expect(text(priority, 'order')).toBe('1');
    expect(text(priority, 'description')).toContain('紧急程度');
    const values = children(children(priority, 'values')[0], 'value');
    expect(values.map((value) => [text(value, 'key'), text(value, 'name')])).toEqual([
      ['normal', '一般'],
      ['high', '较急'],
      ['urgent', '紧急'],
    ]);
    expect(text(building, 'datatype')).toBe('string');
    expect(text(building, 'datatype_description')).toBe('');
    expect(text(building, 'order')).toBe('2');
    expect(children(building, 'values')).toEqual([]);
  });

  it('is an object in JSON: order a number, booleans, an absent datatype_description null', () => {
    const definition = both(serviceDefinitionDocument('repair', categories)).json as {
      service_code: string;
      attributes: Record<string, unknown>[];
    };
    expect(definition.service_code).toBe('repair');
    expect(definition.attributes[0]).toEqual({
      variable: true,
      code: 'priority',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: '选一项 Choose one',
      order: 1,
      description: '紧急程度(默认一般) How urgent it is (normal by default)',
      values: [
        { key: 'normal', name: '一般' },
        { key: 'high', name: '较急' },
        { key: 'urgent', name: '紧急' },
      ],
    });
    expect(definition.attributes[3]).toEqual({
      variable: true,
      code: 'room',
      datatype: 'string',
      required: false,
      datatype_description: null,
      order: 4,
      description: '房号,如 502 Room, e.g. 502',
    });
  });

  it('an unknown service_code does not exist: 404 naming the field', () => {
    thrown(() => serviceDefinitionDocument('pothole', categories), NotFoundError, ['service_code']);
  });
});

describe('POST answer and token', () => {
  it('a realtime answer: the id, no token, empty notice and account', () => {
    const { xml, json: answer } = both(createdDocument({ serviceRequestId: 'R01ABC' }));
    const [request, ...more] = children(xml, 'request');
    expect(more).toEqual([]);
    expect(text(request, 'service_request_id')).toBe('R01ABC');
    expect(children(request, 'token')).toEqual([]);
    expect(text(request, 'service_notice')).toBe('');
    expect(text(request, 'account_id')).toBe('');
    expect(answer).toEqual([{ service_request_id: 'R01ABC', service_notice: null, account_id: null }]);
  });

  it('a batch answer: the token, no id; notice and account when given', () => {
    const { xml, json: answer } = both(
      createdDocument({ token: 'T123', serviceNotice: '已转社区核实住户', accountId: 'acc-9' }),
    );
    const [request] = children(xml, 'request');
    expect(children(request, 'service_request_id')).toEqual([]);
    expect(text(request, 'token')).toBe('T123');
    expect(text(request, 'service_notice')).toBe('已转社区核实住户');
    expect(text(request, 'account_id')).toBe('acc-9');
    expect(answer).toEqual([{ token: 'T123', service_notice: '已转社区核实住户', account_id: 'acc-9' }]);
  });

  it('GET tokens: the request id and the token, the id empty until there is one', () => {
    const { xml, json: answer } = both(tokenDocument('T123', 'R01ABC'));
    const [request] = children(xml, 'request');
    expect(text(request, 'service_request_id')).toBe('R01ABC');
    expect(text(request, 'token')).toBe('T123');
    expect(answer).toEqual([{ service_request_id: 'R01ABC', token: 'T123' }]);
    expect(both(tokenDocument('T124', null)).json).toEqual([{ service_request_id: null, token: 'T124' }]);
  });
});
