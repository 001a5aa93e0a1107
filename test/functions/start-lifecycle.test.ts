import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/workflow/start-lifecycle.js';
import type { ServiceRequest } from '../../shared/domain/request.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { logger } from '../../shared/logger.js';
import { keys } from '../../shared/store/keys.js';
import {
  ddb,
  mockDependencies,
  storedItem,
  submittedRequest,
  type TestDependencies,
} from '../support/mock-dependencies.js';
import { insertRecord, removeRecord, streamEvent } from '../support/stream-event.js';

let deps: TestDependencies;
beforeEach(() => {
  deps = mockDependencies();
  vi.spyOn(logger, 'error').mockImplementation(() => {});
});
afterAll(() => {
  ddb.restore();
});
afterEach(() => {
  useDependencies(undefined);
  vi.restoreAllMocks();
});

/** A request's insert on the stream. */
const requestInserted = (request: ServiceRequest, sequenceNumber: string) =>
  insertRecord(storedItem(request) as Parameters<typeof insertRecord>[0], sequenceNumber);

describe('new requests on the table’s stream', () => {
  it('start their lifecycles in order, one execution per request, touching nothing in the table', async () => {
    const first = submittedRequest('R-STREAM-1');
    const second = submittedRequest('R-STREAM-2');

    const result = await handler(streamEvent(requestInserted(first, '100'), requestInserted(second, '200')));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(deps.workflow.started).toEqual(['R-STREAM-1', 'R-STREAM-2']);
    // The starter has no table: the image carries all it needs.
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('a request whose start fails', () => {
  const first = submittedRequest('R-STREAM-1');
  const failing = submittedRequest('R-STREAM-2');
  const last = submittedRequest('R-STREAM-3');
  const batch = () =>
    streamEvent(requestInserted(first, '100'), requestInserted(failing, '200'), requestInserted(last, '300'));

  it('is reported by its sequence number, and the requests after it are not started', async () => {
    deps.workflow.failingStarts.add(failing.id);

    const result = await handler(batch());

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }] });
    // The stream retries from the failed record, the one after it included.
    expect(deps.workflow.started).toEqual([first.id]);
    expect(logger.error).toHaveBeenCalledWith(
      'starting a lifecycle failed',
      expect.objectContaining({
        id: failing.id,
        error: expect.objectContaining({ message: `states unavailable for ${failing.id}` }),
      }),
    );
  });

  it('is reported when it fails first, and nothing of the batch is started', async () => {
    deps.workflow.failingStarts.add(first.id);

    const result = await handler(batch());

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
    expect(deps.workflow.started).toEqual([]);
  });
});

describe('records that are not new requests', () => {
  it('skips a record without a new image, and goes on with the next', async () => {
    const request = submittedRequest('R-STREAM-4');
    const removal = removeRecord(keys.request('R-GONE'), '50');

    const result = await handler(streamEvent(removal, requestInserted(request, '100')));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(deps.workflow.started).toEqual(['R-STREAM-4']);
    expect(logger.error).not.toHaveBeenCalled();
  });
});
