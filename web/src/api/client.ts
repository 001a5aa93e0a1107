import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** The one typed client of the district's API: paths, parameters, bodies and answers from schema.d.ts. */
export type ApiClient = Client<paths>;

/** What every page reads from `/config.json` at start (the stack writes it at deploy time). */
export interface RuntimeConfig {
  /** The API's base URL; '' for the same origin (the local run). */
  apiUrl: string;
  districtName: string;
  /** Virtual seconds per real second: the local run's speed-up of SLAs; 1 when deployed. */
  timeScale: number;
}

type TokenSource = () => string | undefined | Promise<string | undefined>;

let tokenSource: TokenSource = () => undefined;
let client: ApiClient | undefined;

/** Sends `Authorization: Bearer <token>` while the token source has one (the session owns the token). */
const bearer: Middleware = {
  async onRequest({ request }) {
    const token = await tokenSource();
    if (token && !request.headers.has('authorization')) {
      request.headers.set('authorization', `Bearer ${token}`);
    }
    return request;
  },
};

/** Where the client finds the signed-in caller's access token: the session module calls this once. */
export function useTokenSource(source: TokenSource): void {
  tokenSource = source;
}

/** Creates the client for an API base URL ('' is the page's own origin); later calls of api() use it. */
export function startApi(apiUrl: string): ApiClient {
  client = createClient<paths>({ baseUrl: apiUrl === '' ? globalThis.location.origin : apiUrl });
  client.use(bearer);
  return client;
}

/** Reads `/config.json` and starts the client with its `apiUrl`: the first thing a page does. */
export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const config = (await response.json()) as RuntimeConfig;
  startApi(config.apiUrl);
  return config;
}

/** The client; a page calls loadRuntimeConfig() (or startApi) before its first call. */
export function api(): ApiClient {
  if (!client) throw new Error('The API client is not started: call loadRuntimeConfig() first.');
  return client;
}
