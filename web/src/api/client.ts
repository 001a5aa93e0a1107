import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** The API, typed from its OpenAPI document: a changed route breaks the web build, not a person. */
export type Api = ReturnType<typeof createClient<paths>>;

export interface ApiOptions {
  baseUrl: string;
  /** The current access token (refreshed first when it is about to expire), or none before sign-in. */
  accessToken?: () => Promise<string | undefined>;
  /** Every answer, e.g. for its `Date` header (the server's clock) or a 401 (signed out elsewhere). */
  onResponse?: (response: Response) => void;
  fetch?: typeof fetch;
}

export function createApi(options: ApiOptions): Api {
  const api = createClient<paths>({
    // '' is the page's own origin (the local run serves pages and API together).
    baseUrl: options.baseUrl || globalThis.location.origin,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const middleware: Middleware = {
    async onRequest({ request }) {
      const token = await options.accessToken?.();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    onResponse({ response }) {
      options.onResponse?.(response);
      return response;
    },
  };
  api.use(middleware);
  return api;
}
