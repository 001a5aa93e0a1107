import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/errors.js';
import { parsePath } from '../../../shared/services/open311/path.js';
import { thrown } from './open311-fixtures.js';

describe('parsePath', () => {
  it.each([
    ['requests.json', 'requests', 'json'],
    ['services.xml', 'services', 'xml'],
    ['discovery.json', 'discovery', 'json'],
    ['033.xml', '033', 'xml'],
    ['R01ABC.json', 'R01ABC', 'json'],
    ['elderly-care.xml', 'elderly-care', 'xml'],
  ])('%s → %s as %s', (segment, name, format) => {
    expect(parsePath(segment)).toEqual({ name, format });
  });

  it.each([
    'requests',
    'requests.csv',
    'requests.JSON',
    'requests.',
    '.json',
    'a.b.json',
    'requests.json.xml',
    '../x.json',
    '',
  ])('%j is a resource that does not exist: 404', (segment) => {
    const error = thrown(() => parsePath(segment), NotFoundError);
    expect(error.detail).toContain('.xml or .json');
  });
});
