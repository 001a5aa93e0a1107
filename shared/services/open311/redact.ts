import { maskPhone } from '../../domain/privacy.js';

// A mainland mobile (+86 and 3-4-4 grouping optional), a landline with its area code, or any run
// of seven or more digits (an unformatted number, an ID card): what a resident may type into text.
const PHONE_LIKE =
  /(?<!\d)(?:(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}|0\d{2,3}[-\s]?\d{7,8}|\d{7,})(?!\d)/g;

/** Free text made safe to publish: every phone-like number masked as 138****5678. */
export function maskPhonesIn(text: string): string {
  return text.replace(PHONE_LIKE, (number) => maskPhone(number.replace(/[^\d+]/g, '')));
}
