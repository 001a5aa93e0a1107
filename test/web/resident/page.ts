import { afterAll, afterEach } from 'vitest';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import Vant from 'vant';
import { createMemoryHistory, createRouter } from 'vue-router';
import { h, type Component } from 'vue';
import { createApi } from '../../../web/src/api/client';
import { APP_CONTEXT, type AppContext } from '../../../web/src/common/app-context';
import { createSession } from '../../../web/src/common/session';
import { ServerClock } from '../../../web/src/common/time';

enableAutoUnmount(afterEach);
// Vant measures a few components again 100–300 ms after they mount: let that run while there is a DOM.
afterAll(() => new Promise((settled) => setTimeout(settled, 400)));

/** What the page sent: method, path with query, headers and the parsed JSON body. */
export interface Sent {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

type Answer = { status: number; body?: unknown } | ((sent: Sent) => { status: number; body?: unknown });

/**
 * A fake API behind the page's real typed client: answers by `METHOD /path` (the path without its
 * query), records what was sent. An unanswered route is a 404 problem, so a test sees a stray call.
 */
export function fakeApi(answers: Record<string, Answer>) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const call: Sent = {
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers: request.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    sent.push(call);
    const answer = answers[`${request.method} ${url.pathname}`];
    const { status, body } = typeof answer === 'function' ? answer(call) : (answer ?? { status: 404 });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  };
  return {
    fetch,
    sent,
    to: (route: string) => sent.filter((call) => `${call.method} ${call.path}`.startsWith(route)),
  };
}

const base64url = (value: unknown) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A signed-in resident of household `h-0012` (the claims the sign-in route puts in an access token). */
export const RESIDENT = { personId: 'p-0032', householdId: 'h-0012', name: '杨亚楠' };

/** The claims of a resident's access token (as the sign-in route writes them). */
export const RESIDENT_CLAIMS: Record<string, string> = {
  sub: RESIDENT.personId,
  name: RESIDENT.name,
  'custom:person_id': RESIDENT.personId,
  'custom:household_id': RESIDENT.householdId,
};

/** This page's localStorage, holding a session whose access token carries `claims` (none: signed out). */
function storageWith(claims: Record<string, string> | undefined): Storage {
  const items = new Map<string, string>();
  if (claims) {
    const token = `${base64url({ alg: 'none' })}.${base64url(claims)}.signature`;
    const stored = { accessToken: token, refreshToken: 'refresh', expiresAt: Date.now() + 3_600_000 };
    items.set('sanzhang.resident.session', JSON.stringify(stored));
  }
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
    key: () => null,
    get length() {
      return items.size;
    },
  };
}

/** The resident page's context around a fake API: the real client, session and clock. */
export function residentContext(
  fetch: typeof globalThis.fetch,
  claims: Record<string, string> | undefined,
): AppContext {
  const api = createApi({ baseUrl: 'https://api.test', fetch, accessToken: async () => 'token' });
  return {
    page: 'resident',
    config: { apiUrl: 'https://api.test', districtName: '绿苑区', timeScale: 1 },
    clock: new ServerClock(1),
    api,
    session: createSession('resident', api, storageWith(claims)),
  };
}

/** Mounts a view of the resident page at a route, with Vant and a router, and lets its first loads finish. */
export async function mountResident(
  component: Component,
  options: {
    fetch: typeof globalThis.fetch;
    at?: string;
    props?: Record<string, unknown>;
    /** The access token's claims; undefined: signed out. */
    claims?: Record<string, string> | undefined;
  },
) {
  const stub = { render: () => h('p', 'other view') };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: stub },
      { path: '/new', component: stub },
      { path: '/requests/:id', component: stub },
    ],
  });
  await router.push(options.at ?? '/');
  const wrapper = mount(component, {
    props: options.props ?? {},
    attachTo: document.body,
    global: {
      plugins: [Vant, router],
      provide: {
        [APP_CONTEXT as symbol]: residentContext(
          options.fetch,
          'claims' in options ? options.claims : RESIDENT_CLAIMS,
        ),
      },
    },
  });
  await flushPromises();
  return { wrapper, router };
}

export const DISTRICT = {
  name: '绿苑区',
  categories: [
    { code: 'water', name: '水电维修' },
    { code: 'noise', name: '噪音扰民' },
  ],
};
