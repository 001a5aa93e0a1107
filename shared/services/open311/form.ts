/**
 * A POSTed form: the plain fields and the `attribute[code]` / `attribute[code][]` answers, each with
 * every value given. Both are null-prototype records: a key is only ever what the client sent, so
 * `__proto__`, `constructor` or `toString` is a field like any other (and pollutes nothing).
 */
export interface Open311Form {
  fields: Record<string, string[]>;
  attributes: Record<string, string[]>;
}

const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](?:\[\])?$/;

/** The application/x-www-form-urlencoded body the spec prescribes for POST requests (UTF-8). */
export function parseForm(event: { body?: string; isBase64Encoded: boolean }): Open311Form {
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body;
  const form: Open311Form = { fields: Object.create(null), attributes: Object.create(null) };
  for (const [key, value] of new URLSearchParams(text ?? '')) {
    const code = ATTRIBUTE_KEY.exec(key)?.[1];
    const into = code === undefined ? form.fields : form.attributes;
    (into[code ?? key] ??= []).push(value);
  }
  return form;
}
