import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, vi } from 'vitest';
import ElementPlus from 'element-plus';
import type { Component } from 'vue';
import { createApi } from '../../../web/src/api/client';
import { APP_CONTEXT, type AppContext } from '../../../web/src/common/app-context';
import { createSession } from '../../../web/src/common/session';
import { ServerClock } from '../../../web/src/common/time';

/** The server's answer to one request: a JSON body (or text), a status, headers. */
export interface FakeAnswer {
  status?: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export interface SentRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Headers;
  body: unknown;
}

/** `METHOD /path` → the answer; a route not listed answers 404 problem+json. */
export type FakeRoutes = Record<string, FakeAnswer | ((sent: SentRequest) => FakeAnswer)>;

enableAutoUnmount(afterEach);

const API_ORIGIN = 'https://api.test';
/** 2026-12-02 14:30 in Shanghai: the server's clock in every console test. */
export const SERVER_NOW = Date.parse('2026-12-02T06:30:00Z');

/** A console page's context around a fake API that records what the page sent. */
export function fakeConsole(routes: FakeRoutes) {
  const sent: SentRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const entry: SentRequest = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    sent.push(entry);
    const route = routes[`${entry.method} ${entry.path}`];
    const answer = (typeof route === 'function' ? route(entry) : route) ?? {
      status: 404,
      body: { status: 404, title: 'Not Found', detail: `no route ${entry.path}` },
    };
    const status = answer.status ?? 200;
    const isProblem = status >= 400;
    return new Response(answer.text ?? JSON.stringify(answer.body ?? {}), {
      status,
      headers: {
        'content-type': answer.text
          ? 'text/csv'
          : isProblem
            ? 'application/problem+json'
            : 'application/json',
        ...answer.headers,
      },
    });
  };
  const api = createApi({ baseUrl: API_ORIGIN, fetch: fetch as typeof globalThis.fetch });
  const storage = new Map<string, string>();
  const memory = {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => void storage.set(key, value),
    removeItem: (key: string) => void storage.delete(key),
  } as Storage;
  const context: AppContext = {
    page: 'console',
    config: { apiUrl: API_ORIGIN, districtName: '测试区', timeScale: 1 },
    clock: new ServerClock(1, () => SERVER_NOW),
    api,
    session: createSession('console', api, memory),
  };
  return {
    context,
    sent,
    of: (method: string, path: string) => sent.filter((s) => s.method === method && s.path === path),
  };
}

/** Mounts a console view with Element Plus and the fake API's context, and lets it load. */
export async function mountView(view: Component, context: AppContext, props: Record<string, unknown> = {}) {
  const wrapper = mount(view, {
    props,
    attachTo: document.body,
    global: { plugins: [ElementPlus], provide: { [APP_CONTEXT as symbol]: context } },
  });
  await flushPromises();
  return wrapper;
}

/** The button with this accessible text (Element Plus puts the text in a span inside). */
export function button(wrapper: VueWrapper, name: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text().trim() === name);
  if (!found) throw new Error(`no button named ${name}`);
  return found;
}

/** The CSV files a view saves (downloadCsv), by file name: their text. */
export function savedFiles() {
  const saved = new Map<string, Promise<string>>();
  const blobs: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => `blob:${blobs.push(blob as Blob)}`);
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.set(this.download, blobs[Number(this.href.split(':')[1]) - 1]!.text());
  });
  return saved;
}
