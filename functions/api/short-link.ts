import { linkToken } from '../../shared/http/contract/short-link.js';
import { problemResponse, type HttpResponse } from '../../shared/http/problem.js';
import { publicHandler } from '../../shared/runtime/api-handler.js';
import { linkDestination } from '../../shared/services/lifecycle/short-links.js';
import * as z from '../../shared/zod.js';

/** Nothing about a link is kept by a cache or told to the page it leads to. */
const PRIVATE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

/**
 * The same page for a link that never existed, has expired or is malformed: it tells nothing apart.
 * Its link names the leader page by its file, which every host serves (China's has no directory index).
 */
const EXPIRED_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>链接已失效</title></head>
<body style="font: 20px/1.6 sans-serif; margin: 2em 1.2em; color: #222">
<h1 style="font-size: 1.4em">链接已失效</h1>
<p>短信中的链接已过期或无效。请打开三长联动的“我的诉求”页面查看待办诉求。</p>
<p><a href="/leader/index.html">打开我的诉求</a></p>
</body>
</html>
`;

const expired = (): HttpResponse => ({
  statusCode: 404,
  headers: { 'content-type': 'text/html; charset=utf-8', ...PRIVATE },
  body: EXPIRED_PAGE,
});

/**
 * GET /l/{token}: a leader's SMS link, public. A live link redirects to its request on the leader
 * page (which signs in); anything else, from a malformed token (never read from the table) to an
 * expired one, gets the same page. A dependency that is down still answers a problem (503).
 */
export const handler = publicHandler(
  async (event, deps) => {
    const token = z.safeParse(linkToken, event.pathParameters?.token ?? '');
    const location = token.success ? await linkDestination(deps, token.data) : undefined;
    return location ? { statusCode: 302, headers: { location, ...PRIVATE } } : expired();
  },
  (error) => {
    const problem = problemResponse(error, '/l/…');
    return (problem.statusCode ?? 500) < 500 ? expired() : problem;
  },
);
