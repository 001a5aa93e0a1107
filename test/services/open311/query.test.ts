import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import { parseQuery } from '../../../shared/services/open311/query.js';
import { thrown } from './open311-fixtures.js';

const codes = ['repair', 'drainage'];
const now = new Date('2026-11-23T02:00:00Z');
const query = (parameters: Record<string, string | undefined> | undefined) =>
  parseQuery(parameters, codes, now);

describe('GET requests: what is read', () => {
  it('defaults: the last 90 days, every service and status, page 1 of 50, no extensions', () => {
    const expected = {
      kind: 'search',
      serviceCodes: [],
      start: '2026-08-25T02:00:00.000Z',
      end: '2026-11-23T02:00:00.000Z',
      statuses: ['open', 'closed'],
      page: 1,
      pageSize: 50,
      extensions: false,
    };
    expect(query(undefined)).toEqual(expected);
    // Empty parameters are not given; jurisdiction_id and unknown ones are ignored.
    expect(query({ status: '', start_date: ' ', jurisdiction_id: 'lvyuan', q: 'x' })).toEqual(expected);
  });

  it('reads every filter; lists are comma-delimited and deduplicated', () => {
    expect(
      query({
        service_code: 'drainage,repair,drainage',
        start_date: '2026-11-01T00:00:00+08:00',
        end_date: '2026-11-20T00:00:00Z',
        status: 'open',
        page: '3',
        page_size: '100',
        extensions: 'true',
      }),
    ).toEqual({
      kind: 'search',
      serviceCodes: ['drainage', 'repair'],
      start: '2026-10-31T16:00:00.000Z',
      end: '2026-11-20T00:00:00.000Z',
      statuses: ['open'],
      page: 3,
      pageSize: 100,
      extensions: true,
    });
    expect(query({ status: 'closed, open' })).toMatchObject({ statuses: ['open', 'closed'] });
  });

  it('one date: the 90 days after start_date, or before end_date', () => {
    expect(query({ start_date: '2026-01-01T00:00:00Z' })).toMatchObject({
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-04-01T00:00:00.000Z',
    });
    expect(query({ end_date: '2026-04-01T00:00:00Z' })).toMatchObject({
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-04-01T00:00:00.000Z',
    });
  });

  it('exactly 90 days is allowed, and start = end', () => {
    expect(query({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:00Z' }).kind).toBe(
      'search',
    );
    expect(query({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }).kind).toBe(
      'search',
    );
  });

  it('service_request_id overrides every other filter (up to 50 ids)', () => {
    expect(query({ service_request_id: 'R01A, R01B,R01A', status: 'closed', extensions: 'true' })).toEqual({
      kind: 'ids',
      ids: ['R01A', 'R01B'],
      extensions: true,
    });
    const fifty = Array.from({ length: 50 }, (_, index) => `R${index}`).join(',');
    expect(query({ service_request_id: fifty })).toMatchObject({ kind: 'ids' });
    // A range the ids override is not checked.
    expect(
      query({
        service_request_id: 'R01A',
        start_date: '2025-01-01T00:00:00Z',
        end_date: '2026-01-01T00:00:00Z',
      }).kind,
    ).toBe('ids');
  });
});

describe('GET requests: what is refused, naming the field', () => {
  it.each([
    [{ service_code: 'pothole' }, 'service_code'],
    [{ service_code: 'repair,pothole' }, 'service_code'],
    [{ status: 'pending' }, 'status'],
    [{ status: 'open,OPEN' }, 'status'],
    [{ start_date: '2026-01-01' }, 'start_date'],
    [{ start_date: '2026-01-01T00:00:00' }, 'start_date'],
    [{ end_date: '2026-02-30T00:00:00Z' }, 'end_date'],
    [{ end_date: 'now' }, 'end_date'],
    [{ page: '0' }, 'page'],
    [{ page: '-1' }, 'page'],
    [{ page: '1.5' }, 'page'],
    [{ page: 'two' }, 'page'],
    [{ page_size: '0' }, 'page_size'],
    [{ page_size: '101' }, 'page_size'],
    [{ page_size: '1e2' }, 'page_size'],
    [{ extensions: 'yes' }, 'extensions'],
    [{ service_request_id: 'R01A,R 01B' }, 'service_request_id'],
    [
      { service_request_id: Array.from({ length: 51 }, (_, index) => `R${index}`).join(',') },
      'service_request_id',
    ],
  ])('%j', (parameters, field) => {
    thrown(() => query(parameters), ValidationError, [field]);
  });

  it('a range longer than 90 days', () => {
    const error = thrown(
      () => query({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:01Z' }),
      ValidationError,
      ['end_date'],
    );
    expect(error.detail).toContain('90 days');
  });

  it('start_date after end_date', () => {
    thrown(
      () => query({ start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }),
      ValidationError,
      ['end_date'],
    );
  });

  it('names every malformed parameter at once', () => {
    thrown(() => query({ status: 'x', page: '0', extensions: '1' }), ValidationError, [
      'status',
      'page',
      'extensions',
    ]);
  });
});
