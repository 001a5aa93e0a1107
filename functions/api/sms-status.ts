import { jsonResponse, problemResponse } from '../../shared/http/problem.js';
import { bodyText, publicHandler } from '../../shared/runtime/api-handler.js';
import { receiveSmsStatus } from '../../shared/services/notifications/sms-status.js';

/**
 * POST /sms/status/{token}: the SMS provider's delivery reports, recorded on the messages they are
 * about. The token is a secret: the problem's `instance` leaves it out.
 */
export const handler = publicHandler(
  async (event, deps) =>
    jsonResponse(
      200,
      await receiveSmsStatus(deps, { token: event.pathParameters?.token ?? '', body: bodyText(event) }),
    ),
  (error) => problemResponse(error, '/sms/status/…'),
);
