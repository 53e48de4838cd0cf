import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../lib/errors';

const UTF8 = new Set(['utf-8', 'utf8', 'us-ascii']);

/** Where a NUL character sits in the value ('' for the value itself), or undefined; walked without recursion. */
function nulAt(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path;
    } else if (current && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        if (key.includes('\u0000')) return path;
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}

/**
 * Input no route can use, refused for every route before validation:
 * - a body declared in another charset than UTF-8 (JSON is UTF-8, RFC 8259; Fastify would read
 *   UTF-16 or GBK as UTF-8 and see something else than the sender meant): 415;
 * - a NUL character in a path parameter, query value or body string that validation let through:
 *   PostgreSQL text cannot hold one, so it would fail deep in a query as a 500. Checked after
 *   validation, so a field's own validator still answers first with its own message:
 *   400 `request.invalid_characters` naming the field.
 */
export const inputGuardPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request) => {
      const type = request.headers['content-type'];
      if (!type) return;
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]?.toLowerCase();
      if (charset && !UTF8.has(charset)) throw new AppError('request.unsupported_media_type');
    });
    app.addHook('preHandler', async (request) => {
      for (const part of [request.params, request.query, request.body]) {
        const field = nulAt(part);
        if (field !== undefined) throw new AppError('request.invalid_characters', { field: field || undefined });
      }
    });
  },
  { name: 'input-guard' },
);
