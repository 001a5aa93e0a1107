import { LEVEL_NAMES_ZH } from '../../config/vocabulary.js';
import type { ServiceRequest, TimelineEntry, TimelineEvent } from '../../domain/request.js';
import { w3cDateTime } from './datetime.js';
import { maskPhonesIn } from './redact.js';
import type { Category } from './services.js';
import { SparkList, type Open311Document } from './spark.js';
import { isUploadKey } from '../../domain/photos.js';

/** One of our requests as GeoReport v2 shows it; an absent value is null (an empty element in XML). */
export type Open311Request = {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string;
  service_notice: null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  /** With extensions=true: the timeline, as the Chicago/Boston/San Francisco "notes" extension. */
  notes?: Open311Note[];
};

export type Open311Note = {
  datetime: string;
  summary: string;
  /** What the leader or staff member wrote; null for residents' and partners' words and the system's reasons. */
  description: string | null;
  /** Our timeline event, e.g. assigned, escalated, resolved. */
  type: string;
};

/**
 * Who reads a request: a keyed partner whose area holds it, or anyone (no api_key, or a request
 * outside the partner's area), who is told the place only as far as its building (`place`, from the
 * hierarchy's names; null when there is none).
 */
export type Open311Reader = { kind: 'partner' } | { kind: 'public'; place: string | null };

/** ~110 m: a public location shows the block, not the door. */
const PUBLIC_COORDINATE_DECIMALS = 3;
const coarse = (coordinate: number) => Number(coordinate.toFixed(PUBLIC_COORDINATE_DECIMALS));

/**
 * A request as Open311 shows it. In every view nothing names or reaches a resident: no submitter, no
 * contact, phone-like numbers in the description and the notes masked. The partner's view adds
 * what locates the household (its id and address, the exact location, the photo) and the name of
 * the leader holding the request (agency_responsible): residents see their leaders' names on every
 * notice board. The public view, safe to publish, has none of them: the level alone, the place as far
 * as the building, the location to ~110 m, no photo (a photo of a home shows whose it is).
 * With a timeline, `notes` lists it (extensions=true).
 */
export function toOpen311Request(
  request: ServiceRequest,
  categories: readonly Category[],
  reader: Open311Reader,
  timeline?: readonly TimelineEntry[],
): Open311Request {
  const closed = request.status === 'closed';
  const location = request.intake?.location;
  const partner = reader.kind === 'partner';
  return {
    service_request_id: request.id,
    status: closed ? 'closed' : 'open',
    status_notes: statusNotes(request),
    service_name: categories.find((category) => category.code === request.category)?.name ?? request.category,
    service_code: request.category,
    description: maskPhonesIn(request.description) || null,
    agency_responsible: [LEVEL_NAMES_ZH[request.level], partner ? request.assignee?.holderName : undefined]
      .filter(Boolean)
      .join(' '),
    service_notice: null,
    requested_datetime: w3cDateTime(request.createdAt),
    updated_datetime: w3cDateTime(request.updatedAt),
    expected_datetime: closed ? null : w3cDateTime(request.deadline),
    address: partner ? request.address || null : reader.place,
    address_id: partner ? request.householdId || null : null,
    zipcode: null,
    lat: location ? (partner ? location.lat : coarse(location.lat)) : null,
    long: location ? (partner ? location.long : coarse(location.long)) : null,
    // A link the partner's form gave; an upload's key is no link for anyone outside the API.
    media_url: partner ? (request.photos.find((photo) => !isUploadKey(photo)) ?? null) : null,
    ...(timeline ? { notes: timeline.map(toNote) } : {}),
  };
}

/** GET requests and GET requests/{id}: `<service_requests><request>…`. */
export function requestsDocument(requests: readonly Open311Request[]): Open311Document {
  const items = requests.map(({ notes, ...fields }) => ({
    ...fields,
    ...(notes ? { notes: new SparkList('note', notes) } : {}),
  }));
  return { root: 'service_requests', body: new SparkList('request', items) };
}

/** How a request closed, in words: the resident confirmed, nobody answered, or staff dismissed it from triage. */
const CLOSED_NOTES: Record<NonNullable<ServiceRequest['closedBy']>, string> = {
  resident: '已办结',
  auto: '已办结(居民未确认,自动办结)',
  staff: '不予受理',
};

/** The status in words; any status we do not know (a new one) reads as in progress. */
function statusNotes(request: ServiceRequest): string {
  const level = LEVEL_NAMES_ZH[request.level];
  const resolution = request.resolution ? `:${maskPhonesIn(request.resolution.note)}` : '';
  const overdue = request.overdue && request.status !== 'closed' ? ',已超期' : '';
  switch (request.status) {
    case 'submitted':
      return `已受理${overdue}`;
    case 'triage':
      return `待社区确认住户${overdue}`;
    case 'assigned':
      return `已受理,待${level}响应${overdue}`;
    case 'acknowledged':
      return `处理中,${level}已响应${overdue}`;
    case 'dispatched':
      return `处理中,已派服务人员${overdue}`;
    case 'escalating':
      return `处理中,正在上报上一级${overdue}`;
    case 'resolved':
      return `已解决,待居民确认${resolution}`;
    case 'closed':
      return `${CLOSED_NOTES[request.closedBy ?? 'resident']}${resolution}`;
    default:
      return `处理中${overdue}`;
  }
}

const SUMMARIES = {
  submitted: () => '已提交',
  triaged: () => '未匹配到住户,待社区确认',
  'triage-overdue': () => '社区确认住户超时,已通知督办',
  attached: () => '社区已确认住户',
  dismissed: () => '社区核实后不予受理',
  assigned: (level) => `已分派给${level}`,
  acknowledged: (level) => `${level}已响应`,
  'escalation-requested': (level) => `${level}申请上报上一级`,
  escalated: (level) => `已上报至${level}`,
  overdue: () => '已超期,已通知督办',
  resolved: (level) => `${level}已解决,待居民确认`,
  confirmed: () => '居民已确认办结',
  rejected: () => '居民退回,重新办理',
  'auto-confirmed': () => '居民未确认,自动办结',
  rerouted: (level) => `已改派至${level}`,
  dispatched: () => '已派服务人员',
  'dispatch-completed': () => '服务人员已完成',
  'dispatch-overdue': () => '服务人员超时未完成',
  reminded: (level) => `已提醒${level}尽快办理`,
} satisfies Record<TimelineEvent, (level: string) => string>;

// Looked up by any string: an event added after this was written still reads, by its code.
const summaries: Partial<Record<string, (level: string) => string>> = SUMMARIES;

function toNote(entry: TimelineEntry): Open311Note {
  const level = entry.level ? LEVEL_NAMES_ZH[entry.level] : '负责人';
  const byOfficial = entry.actor.kind === 'leader' || entry.actor.kind === 'staff';
  return {
    datetime: w3cDateTime(entry.at),
    summary: summaries[entry.event]?.(level) ?? entry.event,
    description: byOfficial && entry.note ? maskPhonesIn(entry.note) : null,
    type: entry.event,
  };
}
