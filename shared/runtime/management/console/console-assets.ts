// The web console's files, served under /ui/ by the standalone worker and the API function. The
// files are static and hold no data and no secret: every connector, status and lease the page shows
// comes from the REST API, through requests that carry the same credentials as any other client
// (the bearer token in standalone, SigV4 behind API Gateway). So the files themselves are served
// without credentials — a browser cannot attach a bearer token to a page navigation — and only a
// fixed list of names is served (no path from the request ever reaches the file system).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RestResponse } from '../rest-router.ts';

export const CONSOLE_PREFIX = '/ui';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'api.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'format.js': 'text/javascript; charset=utf-8',
  'connectors-view.js': 'text/javascript; charset=utf-8',
  'connector-view.js': 'text/javascript; charset=utf-8',
  'lease-map.js': 'text/javascript; charset=utf-8',
  'editor-view.js': 'text/javascript; charset=utf-8',
};

/** The files the console consists of (what a bundle must carry). */
export const CONSOLE_FILES: readonly string[] = Object.keys(CONTENT_TYPES);

/**
 * Scripts, styles and API calls only from this origin; no inline script, no framing, no forms
 * posting elsewhere. Even if a value slipped past the page's escaping, it could not run.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/**
 * Where the files are: beside this module when run from source, or in `console/` beside the bundle
 * (the CDK stack copies them there, see cdk/lib/connect-function.ts).
 */
const SEARCH_DIRECTORIES = [new URL('./ui/', import.meta.url), new URL('./console/', import.meta.url)];

const cache = new Map<string, string>();

function read(name: string): string | undefined {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  for (const directory of SEARCH_DIRECTORIES) {
    try {
      const text = readFileSync(fileURLToPath(new URL(name, directory)), 'utf8');
      cache.set(name, text);
      return text;
    } catch {
      // not in this directory; try the next
    }
  }
  return undefined;
}

/** True for paths the console answers (/ui, /ui/...), with or without a query string. */
export function isConsolePath(path: string): boolean {
  const bare = path.split('?')[0]!;
  return bare === CONSOLE_PREFIX || bare.startsWith(`${CONSOLE_PREFIX}/`);
}

/** The response for a console path (GET or HEAD); 404/405 in Kafka's error shape otherwise. */
export function consoleResponse(method: string, path: string): RestResponse {
  const bare = path.split('?')[0]!;
  const upper = method.toUpperCase();
  if (upper !== 'GET' && upper !== 'HEAD') return errorBody(405, 'HTTP 405 Method Not Allowed');
  // Relative, so it also works behind API Gateway's stage prefix (/prod/ui → /prod/ui/).
  if (bare === CONSOLE_PREFIX) return { status: 301, headers: { location: 'ui/' }, body: '' };
  const name = bare.slice(CONSOLE_PREFIX.length + 1) || 'index.html';
  const contentType = CONTENT_TYPES[name];
  const body = contentType === undefined ? undefined : read(name);
  if (contentType === undefined || body === undefined) return errorBody(404, 'HTTP 404 Not Found');
  return { status: 200, headers: { 'content-type': contentType, ...SECURITY_HEADERS }, body };
}

function errorBody(status: number, message: string): RestResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error_code: status, message }),
  };
}
