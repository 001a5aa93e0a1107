import { DISTRICT_ROUTES } from './district-routes.js';
import { LIFECYCLE_ROUTES } from './lifecycle-routes.js';
import { NOTICE_ROUTES } from './notice-routes.js';
import { ME_ROUTES } from './me-routes.js';
import { MESSAGE_ROUTES } from './messages.js';
import { PARTNER_ROUTES } from './partner-routes.js';
import type { RouteContract, RouteKey } from './route-contract.js';

/** Every route's contract, by route key: the type makes a route of API_ROUTES without one a compile error. */
export const ROUTE_CONTRACTS: Record<RouteKey, RouteContract> = {
  ...LIFECYCLE_ROUTES,
  ...DISTRICT_ROUTES,
  ...PARTNER_ROUTES,
  ...NOTICE_ROUTES,
  ...ME_ROUTES,
  ...MESSAGE_ROUTES,
};
