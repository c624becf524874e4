// The only way the console talks to postbox: the public REST API, with the key the user typed.

const KEY_ITEM = 'postbox.console.apiKey';

export const session = {
  get key() {
    return sessionStorage.getItem(KEY_ITEM);
  },
  signIn(key) {
    sessionStorage.setItem(KEY_ITEM, key);
  },
  signOut() {
    sessionStorage.removeItem(KEY_ITEM);
  },
};

/** An answer other than 2xx, carrying SPEC §3's {code, message}. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The query string of a plain object, leaving out empty values. */
export function queryString(query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Calls the API; resolves to the answer when it is 2xx, rejects with ApiError otherwise. */
async function call(path, { method = 'GET', body, key = session.key, accept = 'application/json' } = {}) {
  const headers = { Accept: accept, Authorization: `Bearer ${key ?? ''}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, 'network', 'postbox could not be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    const json = parsed(await response.text());
    const code = json?.code ?? `http_${response.status}`;
    const message = json?.message ?? `postbox answered ${response.status}.`;
    const error = new ApiError(response.status, code, message);
    if (response.status === 401 && key === session.key) {
      window.dispatchEvent(new CustomEvent('postbox:unauthenticated', { detail: error }));
    }
    throw error;
  }
  return response;
}

function parsed(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Calls the API; resolves to the parsed JSON body (null when there is none), rejects with ApiError. */
export async function api(path, options) {
  const response = await call(path, options);
  return parsed(await response.text());
}

/**
 * Saves what a GET answers as a file. The answer is fetched with the key in the Authorization header and handed to
 * the browser as a Blob, so the key never goes into a URL the browser would keep.
 */
export async function download(path, fileName, accept) {
  const response = await call(path, { accept });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // the click starts the download from the Blob; its URL is dropped once the browser has taken it
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
