import type { DistrictConfig } from '../../config/district-config.js';
import { PRIORITIES, PRIORITY_NAMES_ZH } from '../../config/vocabulary.js';
import { NotFoundError } from '../../errors.js';
import type { Open311Attribute } from './attributes.js';
import { SparkList, type Open311Document } from './spark.js';

/** A district's request category; as an Open311 service its code is the service_code. */
export type Category = DistrictConfig['categories'][number];

/**
 * The same attributes for every service: what our requests carry beyond the spec's own fields.
 * - priority: it sets the SLA (an urgent leak is answered sooner); optional, the district's default
 *   is normal (household tags may still raise it).
 * - building, unit, room: residents place a home as 3栋 2单元 502; a client that does not know our
 *   household ids (address_id) can still name it exactly, so the request reaches the unit leader of
 *   that household instead of waiting in community triage.
 */
export const SERVICE_ATTRIBUTES: readonly Open311Attribute[] = [
  {
    variable: true,
    code: 'priority',
    datatype: 'singlevaluelist',
    required: false,
    datatypeDescription: '选一项 Choose one',
    order: 1,
    description: '紧急程度(默认一般) How urgent it is (normal by default)',
    values: PRIORITIES.map((key) => ({ key, name: PRIORITY_NAMES_ZH[key] })),
  },
  addressPart('building', 2, '楼栋,如 3栋 Building, e.g. 3栋'),
  addressPart('unit', 3, '单元,如 2单元 Unit (entrance), e.g. 2单元'),
  addressPart('room', 4, '房号,如 502 Room, e.g. 502'),
];

function addressPart(code: string, order: number, description: string): Open311Attribute {
  return {
    variable: true,
    code,
    datatype: 'string',
    required: false,
    datatypeDescription: null,
    order,
    description,
  };
}

/** The category behind a service_code; an unknown one does not exist (404, as the spec says). */
export function findService(serviceCode: string, categories: readonly Category[]): Category {
  const found = categories.find((category) => category.code === serviceCode);
  if (found) return found;
  throw new NotFoundError(`Unknown service_code "${serviceCode}".`, [
    {
      field: 'service_code',
      message: `"${serviceCode}" is not a service here; one of ${categories.map((category) => category.code).join(', ')}`,
    },
  ]);
}

/**
 * GET services: one service per category. `metadata` is true because every service has the
 * attributes above; `type` is what POST requests answers with (realtime: the id at once; batch: a token).
 */
export function serviceListDocument(
  categories: readonly Category[],
  type: 'realtime' | 'batch',
): Open311Document {
  const services = categories.map((category) => ({
    service_code: category.code,
    service_name: category.name,
    description: null,
    metadata: true,
    type,
    keywords: null,
    group: null,
  }));
  return { root: 'services', body: new SparkList('service', services) };
}

/** GET services/{service_code}: the attributes, in the spec's field order. */
export function serviceDefinitionDocument(
  serviceCode: string,
  categories: readonly Category[],
): Open311Document {
  const { code } = findService(serviceCode, categories);
  const attributes = SERVICE_ATTRIBUTES.map((attribute) => ({
    variable: attribute.variable,
    code: attribute.code,
    datatype: attribute.datatype,
    required: attribute.required,
    datatype_description: attribute.datatypeDescription,
    order: attribute.order,
    description: attribute.description,
    ...(attribute.values ? { values: new SparkList('value', attribute.values) } : {}),
  }));
  return {
    root: 'service_definition',
    body: { service_code: code, attributes: new SparkList('attribute', attributes) },
  };
}
