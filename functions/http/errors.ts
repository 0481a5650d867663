/** An error that the HTTP wrapper turns into a response with this status and body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new HttpError(409, code, message, undefined, details);
export const badRequest = (field: string, message: string) => new HttpError(400, 'validation', `${field}: ${message}`, field);
export const forbidden = (message = 'not allowed for this role') => new HttpError(403, 'forbidden', message);
export const unauthorized = (message = 'sign in first') => new HttpError(401, 'unauthorized', message);
