import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { liveApplicationEventSchema, liveStreamQuerySchema, liveTicketSchema, type LiveApplicationEvent } from '@union/shared';
import { AppError } from '../../lib/errors';
import { errorResponses } from '../../lib/responses';
import { covers, type StaffScope } from '../../lib/scope';
import type { LiveHub } from './live.hub';

const TICKET_TTL_S = 60;
const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events for the staff queue and the applicant's status page. EventSource cannot send
 * an Authorization header, so the client first trades its access token for a one-minute ticket.
 */
export const liveRoutes: FastifyPluginAsyncZod<{ hub: LiveHub; liveScope: (accountId: string) => Promise<StaffScope | null> }> = async (app, { hub, liveScope }) => {
  const open = new Set<() => void>();
  // Streams never end by themselves: close them so shutdown does not wait for them.
  app.addHook('preClose', async () => {
    for (const stop of open) stop();
  });
  app.post(
    '/live/ticket',
    {
      onRequest: app.authenticate,
      schema: { tags: ['live'], summary: '获取实时推送凭证', response: { 200: liveTicketSchema, ...errorResponses(401, 429) } },
    },
    async (request) => ({
      ticket: app.jwt.sign({ sub: request.accountId, typ: 'live' } as never, { expiresIn: TICKET_TTL_S * 1000 }),
      expiresIn: TICKET_TTL_S,
    }),
  );

  app.get(
    '/live',
    {
      schema: {
        tags: ['live'],
        summary: '实时推送（SSE）：申请状态变化',
        querystring: liveStreamQuerySchema,
        response: { 200: liveApplicationEventSchema.describe('text/event-stream: event "application" carries this payload'), ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      let accountId: string;
      try {
        const claims = app.jwt.verify<{ sub: string; typ: string }>(request.query.ticket);
        if (claims.typ !== 'live') throw new Error('not a live ticket');
        accountId = claims.sub;
      } catch {
        throw new AppError('auth.token_invalid');
      }
      const scope = await liveScope(accountId);

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      res.write(`retry: 2000\nevent: ready\ndata: {}\n\n`);

      const unsubscribe = hub.subscribe((event) => {
        const mine = event.accountId === accountId;
        const staff = scope !== null && event.orgPaths.some((p) => covers(scope, p));
        if (!mine && !staff) return;
        const payload: LiveApplicationEvent = { id: event.applicationId, status: event.status, mine };
        res.write(`event: ${event.type}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(`: ping\n\n`), HEARTBEAT_MS);
      heartbeat.unref();
      const stop = () => {
        if (!open.delete(stop)) return;
        clearInterval(heartbeat);
        unsubscribe();
        res.end();
      };
      open.add(stop);
      // The response's 'close' fires when the client goes away (the request's fires once its body is read).
      res.on('close', stop);
    },
  );
};
