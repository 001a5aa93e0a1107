import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WEB_DIST_DIRECTORY, WEB_PAGES } from '../infra/web-site.js';
import type { RawRoute } from './local-api.js';

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

const isPage = (name: string) => (WEB_PAGES as readonly string[]).includes(name);

/** The file a static host would serve for a path under a page or the assets, and nothing above the build's folder. */
function fileFor(distDir: string, pathname: string): string | undefined {
  if (!isPage(pathname.split('/')[1] ?? '') && !pathname.startsWith('/assets/')) return undefined;
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname)).replace(/^[/\\]+/, '');
  } catch {
    return undefined;
  }
  const file = join(distDir, relative.endsWith(sep) ? join(relative, 'index.html') : relative);
  return file.startsWith(distDir + sep) ? file : undefined;
}

/**
 * The local run's static host: the three pages, their assets and `/config.json`, as the district's
 * site serves them when deployed. Answers GET and HEAD for its paths; anything else goes to the API.
 */
export function localWeb(options: { distDir?: string; config: () => unknown }): RawRoute {
  const distDir = options.distDir ?? WEB_DIST_DIRECTORY;
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
    if (isPage(url.pathname.slice(1))) {
      response.writeHead(301, { location: `${url.pathname}/` }).end();
      return true;
    }
    const file = fileFor(distDir, url.pathname);
    if (!file) return false;
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
