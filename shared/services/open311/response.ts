import { AppError } from '../../errors.js';
import type { HttpResponse } from '../../http/problem.js';
import { renderJson, renderXml, SparkList, type Open311Document } from './spark.js';

/** The two formats GeoReport v2 defines, chosen by the resource's suffix (`requests.xml`, `requests.json`). */
export const OPEN311_FORMATS = ['xml', 'json'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

const CONTENT_TYPES: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export function open311Response(
  statusCode: number,
  document: Open311Document,
  format: Open311Format,
): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': CONTENT_TYPES[format] },
    body: format === 'xml' ? renderXml(document) : renderJson(document),
  };
}

/**
 * Any failure as the spec's `<errors>` document. The HTTP status is one of the spec's three (404 for
 * what does not exist, 403 for a missing or invalid api_key, 400 for everything else a client did);
 * each error's `code` keeps our own status (the spec allows a more specific code there), and a
 * validation failure lists one error per field. Anything that is not an AppError is a 500 that tells
 * nothing of our internals.
 */
export function open311ErrorResponse(error: unknown, format: Open311Format): HttpResponse {
  if (!(error instanceof AppError)) {
    const description = 'Something went wrong on our side; the request may be retried. 系统错误,请稍后重试。';
    return open311Response(500, errorsDocument([{ code: 500, description }]), format);
  }
  const descriptions =
    error.errors.length > 0
      ? error.errors.map((problem) => `${problem.field}: ${problem.message}`)
      : [error.detail];
  const errors = descriptions.map((description) => ({ code: error.status, description }));
  return open311Response(httpStatus(error.status), errorsDocument(errors), format);
}

function httpStatus(status: number): number {
  // A dependency that is down is not the client's fault: 503 stays 503.
  if (status >= 500) return status;
  if (status === 401 || status === 403) return 403;
  if (status === 404) return 404;
  return 400;
}

function errorsDocument(errors: { code: number; description: string }[]): Open311Document {
  return { root: 'errors', body: new SparkList('error', errors) };
}
