import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SMS_REFERENCE_PATH, smsTemplatesReference } from '../../bin/sms-templates-reference.js';
import { SMS_TEMPLATE_NAMES, SMS_TEMPLATES } from '../../shared/domain/sms-templates.js';

describe('docs/sms-templates.md', () => {
  it('is what `npm run docs:sms` writes from the template registry today (edit the registry, then run it)', async () => {
    expect(readFileSync(SMS_REFERENCE_PATH, 'utf8')).toBe(await smsTemplatesReference());
  });

  it('lists every template with the body to register', () => {
    const reference = readFileSync(SMS_REFERENCE_PATH, 'utf8');
    for (const name of SMS_TEMPLATE_NAMES) {
      expect(reference).toContain(`## \`${name}\``);
      expect(reference).toContain(SMS_TEMPLATES[name].body);
    }
  });
});
