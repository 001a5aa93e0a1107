/**
 * One description of a GeoReport v2 document, rendered as XML (the format the spec requires) and as
 * JSON by the Spark convention the spec prescribes (wiki.open311.org/JSON_and_XML_Conversion): a list
 * is a container element of one repeated child in XML and an array in JSON; an absent value is an
 * empty element in XML and null in JSON. Rendering both from one tree keeps the two formats equal.
 */
export type SparkValue = string | number | boolean | null | SparkList | SparkObject;
export interface SparkObject {
  readonly [field: string]: SparkValue;
}

/** A list: `<item>` elements inside its container in XML, an array in JSON. */
export class SparkList {
  constructor(
    readonly item: string,
    readonly items: readonly SparkValue[],
  ) {}
}

/** A whole response: the root element's name (XML only; JSON has no root) and its content. */
export interface Open311Document {
  readonly root: string;
  readonly body: SparkValue;
}

export function renderJson(document: Open311Document): string {
  return JSON.stringify(toJson(document.body));
}

export function renderXml(document: Open311Document): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(document.root, document.body)}`;
}

function toJson(value: SparkValue): unknown {
  if (value instanceof SparkList) return value.items.map(toJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, toJson(inner)]));
  }
  return value;
}

function element(name: string, value: SparkValue): string {
  const content = elementContent(value);
  return content === '' ? `<${name}/>` : `<${name}>${content}</${name}>`;
}

function elementContent(value: SparkValue): string {
  if (value === null) return '';
  if (value instanceof SparkList) return value.items.map((item) => element(value.item, item)).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([field, inner]) => element(field, inner))
      .join('');
  }
  return escapeXml(String(value));
}

// Characters XML 1.0 cannot carry at all (control characters, lone surrogates): a resident's text
// may hold them, and one would make the whole document unreadable, so they are dropped.
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHARACTER, '').replace(/[&<>"']/g, (character) => ENTITIES[character] ?? '');
}
