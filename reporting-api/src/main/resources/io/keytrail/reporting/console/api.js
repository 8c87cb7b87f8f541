// Calls to the reporting-api with the admin token, and the token's place in this tab.
// The token lives in sessionStorage only: never in storage that outlives the tab, never in a
// URL or a cookie (it would travel or be logged), never the console log.

const TOKEN_KEY = 'keytrail.adminToken';

/** A refused or failed call: the API's own error code and message, and the HTTP status. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** For the page: the API's message, with the status for reference. */
  describe() {
    return this.status ? `${this.message} (HTTP ${this.status})` : this.message;
  }
}

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  remember: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  forget: () => sessionStorage.removeItem(TOKEN_KEY),
};

let unauthorized = () => {};

/** What to do when a call made with the session's token is refused with 401. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/**
 * Sends one request and answers its JSON body. Throws ApiError for any answer but 2xx, with the
 * message of the API's error body when it has one. `token` overrides the session's, for signing in.
 */
export async function call(method, path, body, token) {
  const bearer = token ?? session.token();
  const headers = { Accept: 'application/json' };
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  const init = { method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'NETWORK', `the reporting-api did not answer (${e.message})`);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    const message = json && typeof json.message === 'string' ? json.message : `${response.statusText || 'error'}`;
    const error = new ApiError(response.status, json && json.code ? json.code : `HTTP_${response.status}`, message);
    if (response.status === 401 && token === undefined) {
      unauthorized(error);
    }
    throw error;
  }
  return json;
}

/** `path` with the given query parameters, leaving out the empty ones. */
export function withQuery(path, parameters) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') {
      query.set(name, value);
    }
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** Every item of a paged admin list, following nextCursor, up to `max` items. */
export async function all(path, max = 1000) {
  const items = [];
  let cursor = null;
  do {
    const page = await call('GET', withQuery(path, { limit: 200, cursor }));
    items.push(...page.items);
    cursor = page.nextCursor || null;
  } while (cursor && items.length < max);
  return { items, truncated: Boolean(cursor) };
}

/** A path segment, escaped. Ids are validated by the API too; this keeps '/' and '?' literal. */
export const segment = (value) => encodeURIComponent(value);
