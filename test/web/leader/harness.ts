import { flushPromises, mount } from '@vue/test-utils';
import Vant from 'vant';
import { defineComponent, type Component } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createApi } from '../../../web/src/api/client';
import { APP_CONTEXT, type AppContext } from '../../../web/src/common/app-context';
import { createSession } from '../../../web/src/common/session';
import { ServerClock } from '../../../web/src/common/time';

/** The server's time in every answer (its `Date` header): countdowns are measured against it. */
export const SERVER_NOW = Date.parse('2026-12-02T08:00:00Z');
export const LEADER_ID = 'P-LEADER';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export interface Answer {
  status?: number;
  body?: unknown;
}

/** A fake API behind the real typed client: `answer` sees each call; every call is recorded. */
export function fakeApi(answer: (call: Call) => Answer) {
  const calls: Call[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const call: Call = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    calls.push(call);
    const { status = 200, body = {} } = answer(call);
    return new Response(JSON.stringify(body), {
      status,
      headers: {
        'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
        date: new Date(SERVER_NOW).toUTCString(),
      },
    });
  };
  return { calls, fetch: fetchImpl as typeof fetch };
}

const base64url = (value: object) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A leader's context (signed in unless told): tokens in a fake storage, the API answered by `fetchImpl`. */
export function leaderContext(fetchImpl: typeof fetch, signedIn = true): AppContext {
  const accessToken = `${base64url({ alg: 'none' })}.${base64url({ sub: LEADER_ID, name: '王阿姨' })}.sig`;
  const storage = window.localStorage;
  storage.clear();
  if (signedIn) {
    const tokens = { accessToken, refreshToken: 'refresh', expiresAt: Date.now() + 3_600_000 };
    storage.setItem('sanzhang.leader.session', JSON.stringify(tokens));
  }
  const clock = new ServerClock(1);
  const observe = (response: Response) => clock.observe(response.headers.get('date'));
  const baseUrl = 'https://api.test';
  const session = createSession('leader', createApi({ baseUrl, fetch: fetchImpl }), storage);
  const api = createApi({
    baseUrl,
    fetch: fetchImpl,
    accessToken: () => session.accessToken(),
    onResponse: observe,
  });
  return {
    page: 'leader',
    config: { apiUrl: '', districtName: '绿苑区', timeScale: 1 },
    clock,
    api,
    session,
  };
}

const Blank = defineComponent({ template: '<div />' });

/** Mounts a view as the page would: Vant registered, a router, the app context provided. */
export async function mountView(view: Component, context: AppContext, props: Record<string, unknown> = {}) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Blank },
      { path: '/requests/:id', component: Blank },
      { path: '/notices/:id', component: Blank },
      { path: '/me/messages', component: Blank },
      { path: '/me/notifications', component: Blank },
    ],
  });
  await router.push('/');
  const wrapper = mount(view, {
    props,
    attachTo: document.body,
    global: { plugins: [Vant, router], provide: { [APP_CONTEXT as symbol]: context } },
  });
  await flushPromises();
  return wrapper;
}

/** A request as GET /requests and GET /requests/{id} carry it. */
export function aRequest(overrides: Record<string, unknown> = {}) {
  return {
    id: 'R-1',
    householdId: 'H-501',
    ancestors: { street: 'S1', community: 'C1', grid: 'G1', building: 'B3', unit: 'U2' },
    address: '银融社区 3栋 2单元 501',
    category: 'plumbing',
    description: '厨房水管漏水',
    priority: 'normal',
    status: 'assigned',
    level: 'unit',
    assignee: { holderId: LEADER_ID, holderName: '王阿姨', holderPhone: '+8613800000001' },
    deadline: new Date(SERVER_NOW + 65 * 60_000).toISOString(),
    overdue: false,
    createdAt: new Date(SERVER_NOW - 30 * 60_000).toISOString(),
    updatedAt: new Date(SERVER_NOW - 30 * 60_000).toISOString(),
    version: 2,
    residentPhone: '+8613912345678',
    photos: [],
    ...overrides,
  };
}
