import Taro from '@tarojs/taro';
import { clearSession, getSession, loginUrl } from './session';

/** An HTTP error from the API: `code` and `field` come from its JSON body (`{error, message, field}`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The whole error body, for routes that send details (e.g. a conflict's reason). */
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Don't send the user to the login page on a 401 (the login page itself). */
  noAuthRedirect?: boolean;
}

/** The API's address: `/api` on the H5 origin, a full URL in the mini-program (config/index.ts). */
export const API_URL: string = API_BASE;

async function request<T>(method: Method, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const session = getSession();
  const header: Record<string, string> = { ...opts.headers };
  if (session) header.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) header['Content-Type'] = 'application/json';

  let res: Taro.request.SuccessCallbackResult<any>;
  try {
    res = await Taro.request({ url: API_URL + path, method, data: body as any, header, dataType: 'json', timeout: 15_000 });
  } catch (err) {
    throw new ApiError(0, 'network', (err as { errMsg?: string })?.errMsg ?? 'network error');
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;

  const data = (res.data && typeof res.data === 'object' ? res.data : {}) as Record<string, unknown>;
  if (res.statusCode === 401 && session && !opts.noAuthRedirect) {
    // The token expired or the secret rotated: sign in again and come back.
    clearSession();
    Taro.redirectTo({ url: loginUrl() });
  }
  throw new ApiError(
    res.statusCode,
    typeof data.error === 'string' ? data.error : 'http_error',
    typeof data.message === 'string' ? data.message : `HTTP ${res.statusCode}`,
    typeof data.field === 'string' ? data.field : undefined,
    data,
  );
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, body ?? {}, opts),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body ?? {}, opts),
  del: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
};

/** A calm zh-CN sentence for an error, for error states and toasts (the API's own messages are for developers). */
export function friendlyMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return '出了点问题，请稍后再试。';
  if (err.status === 0) return '网络连接不太顺畅，请检查网络后重试。';
  if (err.status === 401) return '登录已过期，请重新登录。';
  if (err.status === 403) return '当前账号没有权限查看这里。';
  if (err.status === 404) return '没有找到这条内容，它可能已被删除。';
  if (err.status === 429) return '操作有点频繁，请稍等片刻再试。';
  if (err.status >= 500) return '服务暂时不可用，请稍后再试。';
  return '提交的内容有误，请检查后重试。';
}

/**
 * Whether trying the same request again could help: a network hiccup, a rate limit, trouble on the server.
 * A refusal (401/403, not found, bad input) answers the same every time, so error states offer no 重试 for it.
 */
export function canRetry(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true;
  return err.status === 0 || err.status === 429 || err.status >= 500;
}
