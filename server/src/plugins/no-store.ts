import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The response carries personal data even without an Authorization header: never cache it. */
    personal?: boolean;
  }
}

const API_PREFIX = '/api/';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * `Cache-Control: no-store` on every API response that may carry personal data, so neither the
 * browser, the WeChat webview nor a proxy keeps a copy: any request with an Authorization header
 * (/me, the card, reveal, the staff queue), every write (login answers with tokens, SMS with the
 * development code) and any route marked `config: { personal: true }`. Decided per request, so
 * a route added later is covered without anyone remembering it.
 */
export const noStorePlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.url.startsWith(API_PREFIX)) return payload;
      if (request.headers.authorization !== undefined || !SAFE_METHODS.has(request.method) || request.routeOptions.config?.personal === true) {
        reply.header('cache-control', 'no-store');
      }
      return payload;
    });
  },
  { name: 'no-store' },
);
