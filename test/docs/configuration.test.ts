import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFERENCE_PATH, configurationReference } from '../../bin/config-reference.js';

describe('docs/configuration.md', () => {
  it('is what `npm run docs:config` writes from the config schema today (edit the schema, then run it)', async () => {
    expect(readFileSync(REFERENCE_PATH, 'utf8')).toBe(await configurationReference());
  });
});
