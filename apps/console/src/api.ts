/** An error answer of the API, `{ error: { code, message, details? } }`, with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Told when any call answers 401: the session expired, was closed, or its key was revoked. */
export const SIGNED_OUT = 'policy:signed-out';

export interface Answer<T> {
  readonly body: T;
  readonly headers: Headers;
}

/**
 * Every call rides on the session cookie (same origin, so the browser adds it; the key itself is
 * never in this page). Writes send JSON; the browser adds the Origin header the server checks.
 */
export const call = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> => {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw refusal(response, text, path);
  return { body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
};

/** The error of a refused call, from its `{ error }` body when it has one; a 401 also signs the page out. */
const refusal = (response: Response, text: string, path: string): ApiError => {
  let error: { code?: string; message?: string; details?: unknown } | undefined;
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error;
  } catch {
    // not JSON (a proxy's page, say): the status speaks for it
  }
  if (response.status === 401 && path !== '/session') window.dispatchEvent(new CustomEvent(SIGNED_OUT));
  return new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? response.statusText, error?.details);
};

export const get = async <T>(path: string): Promise<T> => (await call<T>('GET', path)).body;

/** A text answer (the ledger's signed notes and key); errors as `call` gives them. */
export const getText = async (path: string): Promise<string> => {
  const response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'text/plain' } });
  const text = await response.text();
  if (!response.ok) throw refusal(response, text, path);
  return text;
};

/** A query string of the given parameters, leaving out the empty ones. */
export const query = (params: Record<string, string | undefined>): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
};
