import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RawRoute } from './local-api.js';

/** The built pages (`npm run web:build`), from the repository root. */
export const WEB_DIST = join(import.meta.dirname, '..', 'web', 'dist');

export const WEB_PAGES = ['leader', 'resident', 'console'] as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** The files a static host would serve, and nothing above the build's folder. */
function fileFor(distDir: string, pathname: string): string | undefined {
  const page = WEB_PAGES.find((name) => pathname === `/${name}` || pathname.startsWith(`/${name}/`));
  if (!page && !pathname.startsWith('/assets/')) return undefined;
  const relative = normalize(decodeURIComponent(pathname)).replace(/^[/\\]+/, '');
  const file = join(
    distDir,
    relative.endsWith(sep) || relative === page ? join(relative, 'index.html') : relative,
  );
  return file.startsWith(distDir + sep) ? file : undefined;
}

/**
 * The local run's static host: the three pages, their assets and `/config.json`, as the district's
 * site serves them when deployed. Answers GET and HEAD for its paths; anything else goes to the API.
 */
export function localWeb(options: { distDir?: string; config: () => unknown }): RawRoute {
  const distDir = options.distDir ?? WEB_DIST;
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/config.json') {
      const body = JSON.stringify(options.config());
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(method === 'HEAD' ? undefined : body);
      return true;
    }
    const file = fileFor(distDir, url.pathname);
    if (!file) return false;
    if (url.pathname === `/${WEB_PAGES.find((page) => url.pathname === `/${page}`)}`) {
      response.writeHead(301, { location: `${url.pathname}/` }).end();
      return true;
    }
    const found = await stat(file).catch(() => undefined);
    if (!found?.isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return true;
    }
    const hashed = url.pathname.startsWith('/assets/');
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    response.end(method === 'HEAD' ? undefined : await readFile(file));
    return true;
  };
}
