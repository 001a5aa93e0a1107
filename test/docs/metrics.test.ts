import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC } from '../../shared/runtime/metrics.js';

const ARCHITECTURE = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');

describe('the metrics table in docs/architecture.md', () => {
  it('names exactly the metrics shared/runtime/metrics.ts writes', () => {
    const section = ARCHITECTURE.slice(ARCHITECTURE.indexOf('## Metrics'));
    const documented = section
      .split('\n')
      .filter((line) => /^\| [A-Z]/.test(line) && !line.startsWith('| Metric'))
      .flatMap((line) =>
        line
          .split('|')[1]!
          .split(',')
          .map((name) => name.trim()),
      );

    expect(documented.sort()).toEqual(Object.values(METRIC).sort());
  });
});
