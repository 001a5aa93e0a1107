import { ValidationError } from '../../../errors.js';
import type { AddressHint } from '../../../domain/intake-submission.js';

/** As many photos as a resident may attach through our own API; a form's extra photos are dropped. */
export const MAX_PHOTOS = 9;

type Answers = Record<string, unknown>;

const isRecord = (value: unknown): value is Answers =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An answer as text: forms give strings, numbers, choice arrays, and address or phone objects. */
export function answerText(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(answerText).filter(Boolean).join('、');
  if (!isRecord(value)) return '';
  // 简道云's phone widget is {phone, verified}; addresses are {province, city, district, street|detail}.
  if ('phone' in value) return answerText(value.phone);
  if ('province' in value) {
    return [value.province, value.city, value.district, addressDetail(value)].map(answerText).join('');
  }
  // Anything else (草料's checklist {项目: 是}) keeps its labels.
  return Object.entries(value)
    .map(([label, item]) => [label, answerText(item)])
    .filter(([, text]) => text)
    .map(([label, text]) => `${label}：${text}`)
    .join('；');
}

/** The detailed part of an address object (金数据 `street`, 简道云 `detail`, a location's `address`). */
const addressDetail = (value: Answers): unknown => value.street ?? value.detail ?? value.address;

/** The address a resident typed: the detailed part of an address object (the district is known), or the text. */
export function addressText(value: unknown): string {
  if (isRecord(value) && 'province' in value) return answerText(addressDetail(value)) || answerText(value);
  return answerText(value);
}

/** An address hint without its empty parts, or nothing when every part is empty. */
export function addressHint(parts: AddressHint): AddressHint | undefined {
  const given = Object.entries(parts).filter(([, text]) => typeof text === 'string' && text.trim() !== '');
  return given.length > 0
    ? (Object.fromEntries(given.map(([key, text]) => [key, text.trim()])) as AddressHint)
    : undefined;
}

/**
 * The URLs in a photo answer: a URL string (or comma-separated URLs), an array of them, 草料's
 * `{preview_url, urls}` (`urls` are the images, `preview_url` a page) or 简道云's `[{name, url}]`.
 */
export function answerUrls(value: unknown): string[] {
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean);
  }
  if (Array.isArray(value)) return value.flatMap(answerUrls);
  if (isRecord(value)) return answerUrls(value.urls ?? value.url);
  return [];
}

/** Photo URLs checked to be http(s), at most MAX_PHOTOS of them (a form may allow more). */
export function photoList(urls: readonly string[], field: string): string[] {
  const bad = urls.find((url) => !isHttpUrl(url));
  if (bad !== undefined) {
    throw new ValidationError(`${field} holds something that is not an http(s) URL: ${bad.slice(0, 100)}`, [
      { field, message: 'must be http(s) URLs' },
    ]);
  }
  return urls.slice(0, MAX_PHOTOS);
}

const isHttpUrl = (text: string) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);
