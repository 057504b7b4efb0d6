import type { SessionView } from '@atalaya/contracts';

/** An answer of the gateway other than 2xx, with its stable error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
  return new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? res.statusText);
}

/**
 * The gateway's API as a browser session calls it: same origin, the session cookie, and the session's CSRF
 * token on every write. `onSessionEnded` is told when a call finds the session gone.
 */
export class Api {
  private session: SessionView | null = null;
  onSessionEnded: () => void = () => undefined;

  get current(): SessionView | null {
    return this.session;
  }

  async get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  /** The session the cookie holds, or null when there is none (401). */
  async resume(): Promise<SessionView | null> {
    try {
      this.session = await this.call<SessionView>('GET', '/v1/session', undefined, false);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.session = null;
      else throw e;
    }
    return this.session;
  }

  async login(key: string): Promise<SessionView> {
    this.session = await this.call<SessionView>('POST', '/v1/session', { key }, false);
    return this.session;
  }

  async logout(): Promise<void> {
    await this.call<undefined>('DELETE', '/v1/session', undefined, false);
    this.session = null;
  }

  private async call<T>(method: string, path: string, body?: unknown, watchSession = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.session) headers['x-csrf-token'] = this.session.csrfToken;
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) {
      const error = await errorOf(res);
      if (watchSession && res.status === 401) {
        this.session = null;
        this.onSessionEnded();
      }
      throw error;
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  }
}
