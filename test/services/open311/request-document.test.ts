import { describe, expect, it } from 'vitest';
import { REQUEST_STATUSES, type RequestStatus, type ServiceRequest } from '../../../shared/domain/request.js';
import { open311Response, type Open311Format } from '../../../shared/services/open311/response.js';
import {
  requestsDocument,
  toOpen311Request,
  type Open311Request,
} from '../../../shared/services/open311/request-document.js';
import {
  aRequest,
  anEntry,
  asXmlText,
  categories,
  children,
  json,
  spark,
  text,
  xmlRoot,
} from './open311-fixtures.js';

function render(requests: Open311Request[]) {
  const response = (format: Open311Format) => open311Response(200, requestsDocument(requests), format);
  const root = xmlRoot(response('xml'), 'service_requests');
  const asJson = json(response('json'));
  expect(spark(root)).toEqual(asXmlText(asJson));
  return { xml: children(root, 'request'), json: asJson as Record<string, unknown>[] };
}

const view = (overrides: Partial<ServiceRequest> = {}) =>
  toOpen311Request(aRequest(overrides), categories, { kind: 'partner' });

describe('the public view (no api_key, or outside the keyed partner’s area)', () => {
  const request = aRequest({
    intake: {
      partnerId: 'pt-civic-app',
      channel: 'open311',
      externalId: 'open311:abc',
      location: { lat: 43.881234, long: 125.327891 },
    },
  });
  const shown = toOpen311Request(request, categories, { kind: 'public', place: '银融社区 3栋' });

  it('shows the place as far as the building, the location to ~110 m, the level without a name', () => {
    expect(shown).toMatchObject({
      service_request_id: request.id,
      status: 'open',
      status_notes: '已受理,待单元长响应',
      description: '单元门禁坏了,进不去楼,请联系138****5678',
      agency_responsible: '单元长',
      address: '银融社区 3栋',
      address_id: null,
      lat: 43.881,
      long: 125.328,
      media_url: null,
    });
  });

  it('has nothing that names or finds a household: no names, phones, room, household id or photo', () => {
    const body = JSON.stringify(shown) + String(render([shown]).xml.map((node) => JSON.stringify(node)));
    for (const secret of [
      '张三',
      '杨亚楠',
      '13812345678',
      '13900001111',
      '502',
      'hh-yinrong',
      'photos.example.com',
      '2单元',
    ])
      expect(body).not.toContain(secret);
  });

  it('masks phone-like numbers in the notes too', () => {
    const notes = toOpen311Request(request, categories, { kind: 'public', place: null }, [
      anEntry({
        version: 1,
        event: 'resolved',
        level: 'unit',
        actor: { kind: 'leader', id: 'p-0025', name: '张三' },
        note: '已修好,电话13912345678',
      }),
    ]).notes;
    expect(notes?.[0]?.description).toBe('已修好,电话139****5678');
  });
});

describe('a request as GeoReport v2 shows it', () => {
  it('every field, in the spec’s order (JSON)', () => {
    const { json: requests } = render([view()]);
    expect(requests).toEqual([
      {
        service_request_id: 'R01JDEMO0000000000000ABC123',
        status: 'open',
        status_notes: '已受理,待单元长响应',
        service_name: '维修',
        service_code: 'repair',
        description: '单元门禁坏了,进不去楼,请联系138****5678',
        agency_responsible: '单元长 张三',
        service_notice: null,
        requested_datetime: '2026-11-23T02:00:00Z',
        updated_datetime: '2026-11-23T02:00:01Z',
        expected_datetime: '2026-11-23T04:00:00Z',
        address: '银融社区 第一网格 3栋 2单元 502',
        address_id: 'hh-yinrong-1-3-2-502',
        zipcode: null,
        lat: null,
        long: null,
        media_url: 'https://photos.example.com/door.jpg',
      },
    ]);
    expect(Object.keys(requests[0] ?? {})).toEqual([
      'service_request_id',
      'status',
      'status_notes',
      'service_name',
      'service_code',
      'description',
      'agency_responsible',
      'service_notice',
      'requested_datetime',
      'updated_datetime',
      'expected_datetime',
      'address',
      'address_id',
      'zipcode',
      'lat',
      'long',
      'media_url',
    ]);
  });

  it('every field (XML), absent ones as empty elements', () => {
    const [request, ...more] = render([view()]).xml;
    expect(more).toEqual([]);
    expect(text(request, 'service_request_id')).toBe('R01JDEMO0000000000000ABC123');
    expect(text(request, 'status')).toBe('open');
    expect(text(request, 'status_notes')).toBe('已受理,待单元长响应');
    expect(text(request, 'service_name')).toBe('维修');
    expect(text(request, 'service_code')).toBe('repair');
    expect(text(request, 'description')).toBe('单元门禁坏了,进不去楼,请联系138****5678');
    expect(text(request, 'agency_responsible')).toBe('单元长 张三');
    expect(text(request, 'service_notice')).toBe('');
    expect(text(request, 'requested_datetime')).toBe('2026-11-23T02:00:00Z');
    expect(text(request, 'updated_datetime')).toBe('2026-11-23T02:00:01Z');
    expect(text(request, 'expected_datetime')).toBe('2026-11-23T04:00:00Z');
    expect(text(request, 'address')).toBe('银融社区 第一网格 3栋 2单元 502');
    expect(text(request, 'address_id')).toBe('hh-yinrong-1-3-2-502');
    expect(text(request, 'zipcode')).toBe('');
    expect(text(request, 'lat')).toBe('');
    expect(text(request, 'long')).toBe('');
    expect(text(request, 'media_url')).toBe('https://photos.example.com/door.jpg');
    expect(children(request, 'notes')).toEqual([]);
  });

  it('no requests: an empty list', () => {
    const response = open311Response(200, requestsDocument([]), 'xml');
    expect(String(response.body)).toContain('<service_requests/>');
    expect(json(open311Response(200, requestsDocument([]), 'json'))).toEqual([]);
  });

  it('never shows a resident’s name or phone, nor the leader’s phone', () => {
    const body =
      JSON.stringify(view()) + String(open311Response(200, requestsDocument([view()]), 'xml').body);
    for (const secret of ['杨亚楠', '13812345678', '+8613812345678', '13900001111', 'p-0032', 'p-0025']) {
      expect(body).not.toContain(secret);
    }
  });

  it('masks every phone-like number in the description', () => {
    const description =
      '电话 +86 138-1234-5678 或 0431-87654321,身份证 220102199001011234,3栋502室,2026-11-23';
    expect(view({ description }).description).toBe(
      '电话 138****5678 或 043****4321,身份证 220****1234,3栋502室,2026-11-23',
    );
  });

  it('the post holding it now; the level alone when the post is vacant', () => {
    expect(
      view({
        level: 'grid',
        assignee: { holderId: 'p-1', holderName: '李四', holderPhone: '+8613000000000' },
      }),
    ).toMatchObject({ agency_responsible: '网格长 李四' });
    expect(
      view({ level: 'community', assignee: { holderId: 'p-2', holderName: '王五', holderPhone: '+86130' } }),
    ).toMatchObject({ agency_responsible: '社区 王五' });
    expect(view({ level: 'street', assignee: undefined }).agency_responsible).toBe('街道');
  });

  it('media_url: the first photo, or none', () => {
    expect(view({ photos: [] }).media_url).toBeNull();
  });

  it('media_url: never the key of an upload to our photo storage', () => {
    const key = 'uploads/p-0032/6f1c2a4e-8d0b-4b9e-9a57-3e2f0c1d5b7a';
    expect(view({ photos: [key] }).media_url).toBeNull();
    expect(view({ photos: [key, 'https://photos.example.com/door.jpg'] }).media_url).toBe(
      'https://photos.example.com/door.jpg',
    );
  });

  it('a category no longer configured shows its code as the name', () => {
    expect(view({ category: 'snow' })).toMatchObject({ service_code: 'snow', service_name: 'snow' });
  });

  it('a request in triage: open, no household yet, the partner’s coordinates and address', () => {
    const triage = view({
      status: 'triage',
      householdId: undefined,
      address: '',
      level: 'community',
      assignee: { holderId: 'p-2', holderName: '王五', holderPhone: '+8613000000002' },
      intake: {
        partnerId: 'pt-1',
        channel: 'open311',
        externalId: 'x-1',
        contactName: '杨亚楠',
        location: { lat: 43.88, long: 125.32 },
      },
    });
    expect(triage).toMatchObject({
      status: 'open',
      status_notes: '待社区确认住户',
      agency_responsible: '社区 王五',
      address: null,
      address_id: null,
      lat: 43.88,
      long: 125.32,
    });
    expect(JSON.stringify(triage)).not.toContain('杨亚楠');
    const [request] = render([triage]).xml;
    expect(text(request, 'lat')).toBe('43.88');
    expect(text(request, 'long')).toBe('125.32');
  });
});

describe('status mapping', () => {
  const notes: Record<RequestStatus, string> = {
    submitted: '已受理',
    triage: '待社区确认住户',
    assigned: '已受理,待单元长响应',
    acknowledged: '处理中,单元长已响应',
    dispatched: '处理中,已派服务人员',
    escalating: '处理中,正在上报上一级',
    resolved: '已解决,待居民确认',
    closed: '已办结',
  };

  it.each(REQUEST_STATUSES.map((status) => [status]))('%s', (status) => {
    const shown = view({ status });
    expect(shown.status).toBe(status === 'closed' ? 'closed' : 'open');
    expect(shown.status_notes).toBe(notes[status]);
    expect(shown.expected_datetime).toBe(status === 'closed' ? null : '2026-11-23T04:00:00Z');
  });

  it('a status this code does not know yet is open, in progress', () => {
    expect(view({ status: 'paused' as RequestStatus })).toMatchObject({
      status: 'open',
      status_notes: '处理中',
    });
  });

  it('overdue is said while open', () => {
    expect(view({ status: 'assigned', overdue: true, level: 'street' }).status_notes).toBe(
      '已受理,待街道响应,已超期',
    );
    expect(view({ status: 'triage', overdue: true }).status_notes).toBe('待社区确认住户,已超期');
    expect(view({ status: 'closed', overdue: true }).status_notes).toBe('已办结');
  });

  it('resolved and closed carry the leader’s resolution note, phones masked', () => {
    const resolution = { note: '已修好门禁,有问题打13912345678', by: 'p-0025', at: '2026-11-23T03:00:00Z' };
    expect(view({ status: 'resolved', resolution }).status_notes).toBe(
      '已解决,待居民确认:已修好门禁,有问题打139****5678',
    );
    expect(view({ status: 'closed', resolution, closedBy: 'resident' }).status_notes).toBe(
      '已办结:已修好门禁,有问题打139****5678',
    );
    expect(view({ status: 'closed', resolution, closedBy: 'auto' }).status_notes).toBe(
      '已办结(居民未确认,自动办结):已修好门禁,有问题打139****5678',
    );
  });
});

describe('notes (extensions=true)', () => {
  const leader = { kind: 'leader' as const, id: 'p-0025', name: '张三' };
  const resident = { kind: 'resident' as const, id: 'p-0032', name: '杨亚楠' };
  const timeline = [
    anEntry({
      version: 1,
      event: 'submitted',
      actor: resident,
      reason: 'priority raised to high: the household is tagged 低保',
    }),
    anEntry({ version: 2, event: 'assigned', at: '2026-11-23T02:00:01.456Z' }),
    anEntry({ version: 3, event: 'escalated', level: 'building', reason: 'timeout' }),
    anEntry({
      version: 4,
      event: 'resolved',
      level: 'building',
      actor: leader,
      note: '已修好,电话13912345678',
    }),
    anEntry({
      version: 5,
      event: 'rejected',
      level: 'building',
      actor: resident,
      note: '还是坏的,找杨亚楠 13812345678',
    }),
    anEntry({ version: 6, event: 'paused' as 'submitted' }),
  ];
  const shown = toOpen311Request(aRequest(), categories, { kind: 'partner' }, timeline);

  it('the timeline as notes: datetime, summary, description, type', () => {
    expect(shown.notes).toEqual([
      { datetime: '2026-11-23T02:00:00Z', summary: '已提交', description: null, type: 'submitted' },
      { datetime: '2026-11-23T02:00:01Z', summary: '已分派给单元长', description: null, type: 'assigned' },
      { datetime: '2026-11-23T02:00:00Z', summary: '已上报至楼栋长', description: null, type: 'escalated' },
      {
        datetime: '2026-11-23T02:00:00Z',
        summary: '楼栋长已解决,待居民确认',
        description: '已修好,电话139****5678',
        type: 'resolved',
      },
      { datetime: '2026-11-23T02:00:00Z', summary: '居民退回,重新办理', description: null, type: 'rejected' },
      { datetime: '2026-11-23T02:00:00Z', summary: 'paused', description: null, type: 'paused' },
    ]);
  });

  it('publishes no resident’s words and no internal reason (household tags stay private)', () => {
    const body = JSON.stringify(shown);
    for (const secret of ['低保', '还是坏的', '杨亚楠', 'timeout', '13812345678'])
      expect(body).not.toContain(secret);
  });

  it('in XML: <notes><note> after the standard fields, as the Spark convention maps the JSON', () => {
    const [request] = render([shown]).xml;
    const notes = children(children(request, 'notes')[0], 'note');
    expect(notes).toHaveLength(6);
    expect(text(notes[3], 'datetime')).toBe('2026-11-23T02:00:00Z');
    expect(text(notes[3], 'summary')).toBe('楼栋长已解决,待居民确认');
    expect(text(notes[3], 'description')).toBe('已修好,电话139****5678');
    expect(text(notes[3], 'type')).toBe('resolved');
    expect(text(notes[0], 'description')).toBe('');
    expect(Object.keys(render([shown]).json[0] ?? {}).at(-1)).toBe('notes');
  });

  it('an empty timeline is an empty list', () => {
    const empty = toOpen311Request(aRequest(), categories, { kind: 'partner' }, []);
    expect(empty.notes).toEqual([]);
    expect(render([empty]).json[0]?.notes).toEqual([]);
  });
});
