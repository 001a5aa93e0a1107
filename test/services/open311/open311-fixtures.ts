import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { ServiceRequest, TimelineEntry } from '../../../shared/domain/request.js';
import type { AppError } from '../../../shared/errors.js';
import type { HttpResponse } from '../../../shared/http/problem.js';
import type { Category } from '../../../shared/services/open311/services.js';

export const categories: Category[] = [
  { code: 'repair', name: '维修' },
  { code: 'drainage', name: '下水疏通' },
];

type XmlNode = string | { [element: string]: XmlNode[] };

/** The XML body, checked well-formed and parsed with every element as a list and every value as text. */
export function parseXml(response: HttpResponse): Record<string, XmlNode[]> {
  const body = String(response.body);
  expect(body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  expect(XMLValidator.validate(body)).toBe(true);
  return new XMLParser({ ignoreDeclaration: true, parseTagValue: false, isArray: () => true }).parse(
    body,
  ) as Record<string, XmlNode[]>;
}

/** The root element's content in one XML document (there must be exactly one root). */
export function xmlRoot(response: HttpResponse, root: string): XmlNode {
  const document = parseXml(response);
  expect(Object.keys(document)).toEqual([root]);
  const [content] = document[root] ?? [];
  if (content === undefined) throw new Error(`no <${root}>`);
  return content;
}

/** The children named `name` of an element. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (node === undefined || typeof node === 'string') return [];
  return node[name] ?? [];
}

/** The text of an element's only child named `name` ('' for an empty element). */
export function text(node: XmlNode | undefined, name: string): string {
  const found = children(node, name);
  expect(found).toHaveLength(1);
  const [value] = found;
  if (typeof value !== 'string') throw new Error(`<${name}> is not text`);
  return value;
}

/**
 * The Spark convention's reading of XML (wiki.open311.org/JSON_and_XML_Conversion): an element
 * with one kind of child is an array, otherwise an object; an empty element is null.
 */
export function spark(node: XmlNode): unknown {
  if (typeof node === 'string') return node === '' ? null : node;
  const entries = Object.entries(node);
  if (entries.length === 1) return (entries[0]?.[1] ?? []).map(spark);
  return Object.fromEntries(
    entries.map(([name, nodes]) => {
      expect(nodes, `<${name}> appears once`).toHaveLength(1);
      return [name, spark(nodes[0] as XmlNode)];
    }),
  );
}

/** JSON as XML text carries it: scalars as text, "" and [] as null (an empty element). */
export function asXmlText(value: unknown): unknown {
  if (value === null || value === '') return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(asXmlText);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, asXmlText(inner)]));
  }
  return String(value);
}

export function json(response: HttpResponse): unknown {
  return JSON.parse(String(response.body));
}

/** A request as the store holds it, held by the unit leader; the resident's name and phone are in it on purpose. */
export function aRequest(overrides: Partial<ServiceRequest> = {}): ServiceRequest {
  return {
    id: 'R01JDEMO0000000000000ABC123',
    householdId: 'hh-yinrong-1-3-2-502',
    address: '银融社区 第一网格 3栋 2单元 502',
    ancestors: {
      street: 'st-qingnian',
      community: 'cm-yinrong',
      grid: 'gd-yinrong-1',
      building: 'bd-yinrong-1-3',
      unit: 'un-yinrong-1-3-2',
    },
    submittedBy: { kind: 'resident', id: 'p-0032', name: '杨亚楠' },
    residentPhone: '+8613812345678',
    category: 'repair',
    description: '单元门禁坏了,进不去楼,请联系13812345678',
    priority: 'normal',
    photos: ['https://photos.example.com/door.jpg', 'https://photos.example.com/door-2.jpg'],
    status: 'assigned',
    level: 'unit',
    assignee: { holderId: 'p-0025', holderName: '张三', holderPhone: '+8613900001111' },
    deadline: '2026-11-23T04:00:00.000Z',
    acknowledgeBy: '2026-11-23T04:00:00.000Z',
    resolveBy: '2026-11-24T04:00:00.000Z',
    overdue: false,
    handlers: [],
    reopenCount: 0,
    createdAt: '2026-11-23T02:00:00.123Z',
    updatedAt: '2026-11-23T02:00:01.456Z',
    version: 2,
    ...overrides,
  };
}

export function anEntry(overrides: Partial<TimelineEntry> & Pick<TimelineEntry, 'event'>): TimelineEntry {
  return {
    version: 1,
    at: '2026-11-23T02:00:00.123Z',
    actor: { kind: 'system', id: 'workflow' },
    level: 'unit',
    ...overrides,
  };
}

/** The AppError a call throws, checked for its class and, when given, the fields it names. */
export function thrown<E extends AppError>(
  call: () => unknown,
  kind: abstract new (...args: never[]) => E,
  fields?: string[],
): E {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    if (fields) expect((error as E).errors.map((problem) => problem.field)).toEqual(fields);
    return error as E;
  }
  throw new Error('expected an error');
}
