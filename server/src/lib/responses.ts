import { errorBodySchema } from '@union/shared';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503;

/**
 * The error responses a route declares for OpenAPI and serialisation, every one the same
 * `{ error: { code, message } }` body. With no arguments: what any signed-in route may answer.
 */
export function errorResponses(...statuses: ErrorStatus[]): Partial<Record<ErrorStatus, typeof errorBodySchema>> {
  const list: ErrorStatus[] = statuses.length ? statuses : [400, 401, 403, 404, 409, 429];
  return Object.fromEntries(list.map((s) => [s, errorBodySchema]));
}
