// Every request the console makes goes through here, to Kafka Connect's REST API (and the one
// read-only addition, /connectors/{name}/leases) of the server that served the page: the API's root
// is the parent of /ui/, so it works at a stage prefix too (API Gateway's /prod/ui/).

const TOKEN_KEY = 'serverless-connect.bearer-token';
const apiRoot = new URL('../', window.location.href);

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** The bearer token, kept in this tab's session storage only (never in the page or its URL). */
export function bearerToken() {
  return window.sessionStorage.getItem(TOKEN_KEY);
}

export function setBearerToken(token) {
  if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
  else window.sessionStorage.removeItem(TOKEN_KEY);
}

/** A path segment from a name: `/` and everything else encoded, as the API expects. */
export const segment = (name) => encodeURIComponent(name);

export async function call(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = bearerToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(new URL(path.replace(/^\//, ''), apiRoot), {
    method,
    headers,
    cache: 'no-store',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const message = data && typeof data.message === 'string' ? data.message : `HTTP ${response.status}`;
    throw new ApiError(response.status, message, data);
  }
  return data;
}

export const get = (path) => call('GET', path);
