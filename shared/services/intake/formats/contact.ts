/** The longest description a request keeps (as our own API allows). */
export const DESCRIPTION_MAX = 2000;

/** A mainland mobile as E.164 (`138 0000 0000`, `+86 138-0000-0000`, `0086…` → `+8613800000000`), else nothing. */
export function normalizePhone(given: string): string | undefined {
  const match = /^(?:(?:\+|00)?86)?(1\d{10})$/.exec(given.replace(/[\s()-]/g, ''));
  return match ? `+86${match[1]}` : undefined;
}

/**
 * The phone a form gave: a mainland mobile becomes the contact (SMS can reach it); anything else
 * (a landline, an extension) is kept as a note in the description so staff can still call.
 */
export function contactPhone(given: string): { phone?: string; note?: string } {
  const text = given.trim();
  if (text === '') return {};
  const phone = normalizePhone(text);
  return phone ? { phone } : { note: `联系电话：${text}` };
}

/**
 * The description as a request keeps it: the text cut to DESCRIPTION_MAX (a form's long answer is
 * kept, not rejected: the product would retry in vain and the request would be lost), then the note.
 */
export function composeDescription(text: string, note?: string): string {
  if (note === undefined) return clip(text, DESCRIPTION_MAX);
  return `${clip(text, DESCRIPTION_MAX - note.length - 1)}\n${note}`;
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never leave half of a surrogate pair (an emoji) at the cut.
  return `${text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}
