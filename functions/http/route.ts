import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Role } from '../../shared/auth/roles';

export interface Caller {
  id: string;
  name: string;
  role: Role;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** For non-JSON bodies (ics, images): sent as is. */
  raw?: { body: string; contentType: string; base64?: boolean };
}

type Infer<S> = S extends z.ZodMiniType ? z.infer<S> : undefined;

export interface RouteInput<P, Q, B, A extends boolean> {
  params: P;
  query: Q;
  body: B;
  caller: A extends true ? Caller : Caller | undefined;
  headers: Record<string, string | undefined>;
  event: APIGatewayProxyEventV2;
}

export interface RouteDef<
  PS extends z.ZodMiniType | undefined = undefined,
  QS extends z.ZodMiniType | undefined = undefined,
  BS extends z.ZodMiniType | undefined = undefined,
  A extends boolean = true,
> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** API Gateway style template, e.g. `/selftests/{id}/results`. */
  path: string;
  /** Roles allowed; `public` routes need no token (a token, if sent, is still read). */
  auth: readonly Role[] | 'public';
  params?: PS;
  query?: QS;
  body?: BS;
  /** Only mounted when this returns true (e.g. dev-login only on STAGE=local). */
  enabled?: () => boolean;
  handle: (input: RouteInput<Infer<PS>, Infer<QS>, Infer<BS>, A>) => Promise<RouteResult>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any, any>;

/** Keeps the generic types of one route while letting lists of routes be heterogeneous. */
export function route<
  PS extends z.ZodMiniType | undefined = undefined,
  QS extends z.ZodMiniType | undefined = undefined,
  BS extends z.ZodMiniType | undefined = undefined,
>(def: RouteDef<PS, QS, BS, true> & { auth: readonly Role[] }): AnyRoute {
  return def as AnyRoute;
}

export function publicRoute<
  PS extends z.ZodMiniType | undefined = undefined,
  QS extends z.ZodMiniType | undefined = undefined,
  BS extends z.ZodMiniType | undefined = undefined,
>(def: Omit<RouteDef<PS, QS, BS, false>, 'auth'>): AnyRoute {
  return { ...def, auth: 'public' } as AnyRoute;
}

export const routeKey = (r: Pick<AnyRoute, 'method' | 'path'>) => `${r.method} ${r.path}`;
