// Calls of the page: its session API and SCIM under /admin/ui/scim/v2, with the session cookie and the antiforgery
// token on every state-changing request. A refusal throws ScimRequestError carrying the server's SCIM `detail`.
export const BASE = '/admin/ui';
export const SCIM = `${BASE}/scim/v2`;
export const ACCESS = 'urn:ietf:params:scim:schemas:extension:access:2.0:User';
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

let csrfToken = '';

export function setCsrfToken(token) {
  csrfToken = token ?? '';
}

export class ScimRequestError extends Error {
  constructor(status, detail, scimType) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.scimType = scimType;
  }
}

export async function call(path, { method = 'GET', body, headers = {} } = {}) {
  const sent = { Accept: 'application/scim+json, application/json', ...headers };
  if (method !== 'GET') sent['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) sent['Content-Type'] = 'application/scim+json';
  let response;
  try {
    response = await fetch(path, {
      method, headers: sent, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ScimRequestError(0, 'The server could not be reached.');
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    throw new ScimRequestError(response.status, data?.detail ?? `The server answered ${response.status}.`, data?.scimType);
  }
  return { data, etag: response.headers.get('ETag'), status: response.status };
}

/** A SCIM filter string literal (RFC 7644 §3.4.2.2: JSON string rules). */
export function quote(value) {
  return JSON.stringify(String(value));
}
