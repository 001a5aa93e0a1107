import type { Api } from '../api/client';
import type { components } from '../api/schema';

/**
 * The routes another change is adding to the API (`GET /district`, `GET /households` search),
 * called through the one client but typed here until the generated schema has them. When
 * `npm run web:api` writes them, delete this file and call `api.GET('/district')` and
 * `api.GET('/households', …)` where these are used: the schema then types them.
 */
type Answer<T> = Promise<{ data?: T; error?: unknown; response: Response }>;
type UntypedGet = (path: string, init?: { params: { query: Record<string, unknown> } }) => Answer<unknown>;
const untypedGet = (api: Api) => api.GET as unknown as UntypedGet;

/** What the pages label and choose with: the district's categories and household tags (and more the console does not use). */
export interface DistrictProfile {
  categories: { code: string; name: string }[];
  householdTags: string[];
}

export const getDistrict = (api: Api) => untypedGet(api)('/district') as Answer<DistrictProfile>;

export interface HouseholdSearchQuery {
  node: string;
  tag?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

export const searchHouseholds = (api: Api, query: HouseholdSearchQuery) =>
  untypedGet(api)('/households', { params: { query: { ...query } } }) as Answer<{
    items: components['schemas']['Household'][];
    nextCursor?: string;
  }>;
