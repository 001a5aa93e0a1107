import type * as z from '../../zod.js';
import type { ApiHandlerName, RouteKeyOf } from '../routes.js';

export type RouteKey = RouteKeyOf<ApiHandlerName>;
export type Schema = z.ZodMiniType;

/** How a route's caller proves who they are (the document's security schemes). */
export type Security = 'bearer' | 'none' | 'partner' | 'open311' | 'smsToken';

export interface SuccessResponse {
  description: string;
  /** The JSON body; absent for an empty one (204) or a body of `contentType`. */
  schema?: Schema;
  contentType?: string;
}

/** What one route takes and answers: the schemas are the very objects its handler validates with. */
export interface RouteContract {
  summary: string;
  description?: string;
  tag: string;
  security: Security;
  /** Path parameters with a form (an action, a month); the others are plain strings. */
  path?: Record<string, Schema>;
  query?: Schema;
  body?: Schema;
  /** A body a handler reads only when one is sent. */
  bodyOptional?: boolean;
  /** Another media type than JSON for the body (a partner's form, Open311's). */
  bodyContentTypes?: string[];
  /** The Idempotency-Key header's schema, when the route takes one. */
  idempotencyKey?: Schema;
  responses: Partial<Record<number, SuccessResponse>>;
  /** Problem statuses besides those every route of its security has (openapi.ts adds those). */
  errors?: number[];
}

export const ok = (description: string, schema?: Schema): SuccessResponse =>
  schema === undefined ? { description } : { description, schema };
