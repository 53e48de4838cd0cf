import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { liveApplicationEventSchema, liveStreamQuerySchema, liveTicketSchema, type LiveApplicationEvent } from '@union/shared';
import { liveErrors } from './live.errors';
import { errorResponses } from '../../lib/responses';
import { covers, type StaffScope } from '../../lib/scope';
import { hasSessionClaims } from '../../lib/session-claims';
import type { SessionRevocations } from '../auth';
import type { LiveHub } from './live.hub';
import { createStreamRegistry, type GrantsChangedFeed, type OpenStream } from './live.streams';

/** Seconds (@fastify/jwt reads a number as seconds). */
const TICKET_TTL_S = 60;
const HEARTBEAT_MS = 15_000;

export interface LiveRoutesOptions {
  hub: LiveHub;
  /** Whose events beyond their own a subscriber may see (access module): the reviewer scope, or null. */
  liveScope: (accountId: string) => Promise<StaffScope | null>;
  sessions: Pick<SessionRevocations, 'isRevoked' | 'onRevoked'>;
  grantsChanged: Pick<GrantsChangedFeed, 'subscribe' | 'onResync'>;
  /** Records the ticket as used; false when it was used before, on any instance. */
  redeemTicket: (jti: string, accountId: string, expiresAt: Date) => Promise<boolean>;
  maxStreamsPerAccount: number;
}

/**
 * Server-Sent Events for the staff queue and the applicant's status page. EventSource cannot send
 * an Authorization header, so the client first trades its access token for a one-minute, single-use
 * ticket bound to its account and session. A stream ends when its session is revoked or the
 * account's grants change (the client reconnects with a new ticket, and so with the new scope).
 */
export const liveRoutes: FastifyPluginAsyncZod<LiveRoutesOptions> = async (app, opts) => {
  const { hub, sessions } = opts;
  const streams = createStreamRegistry(opts.maxStreamsPerAccount);
  const offRevoked = sessions.onRevoked((sessionId) => streams.endSession(sessionId));
  const offGrants = opts.grantsChanged.subscribe((accountId) => streams.endAccount(accountId));
  // After the LISTEN connection was lost, events and grant changes may have been missed: every stream ends, and
  // each client reconnects with a new ticket (so with its current scope) and refetches what it shows.
  const offHubResync = hub.onResync(() => streams.endAll());
  const offGrantsResync = opts.grantsChanged.onResync(() => streams.endAll());
  // Streams never end by themselves: close them so shutdown does not wait for them.
  app.addHook('preClose', async () => {
    offRevoked();
    offGrants();
    offHubResync();
    offGrantsResync();
    streams.endAll();
  });

  app.post(
    '/live/ticket',
    {
      onRequest: app.authenticate,
      schema: { tags: ['live'], summary: '获取实时推送凭证（一次性）', response: { 200: liveTicketSchema, ...errorResponses(401, 429) } },
    },
    async (request) => ({
      ticket: app.jwt.sign({ sub: request.accountId, typ: 'live', sid: request.sessionId, jti: randomUUID() }, { expiresIn: TICKET_TTL_S }),
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
      let claims: unknown;
      try {
        claims = app.jwt.verify(request.query.ticket);
      } catch {
        throw liveErrors.ticketInvalid();
      }
      if (!hasSessionClaims(claims, 'live')) throw liveErrors.ticketInvalid();
      const { sub: accountId, sid: sessionId, jti, exp } = claims;
      if (sessions.isRevoked(sessionId)) throw liveErrors.sessionRevoked();
      if (!(await opts.redeemTicket(jti, accountId, new Date(exp * 1000)))) throw liveErrors.ticketUsed();
      const scope = await opts.liveScope(accountId);
      // Checked again: the session may have been revoked while the scope was loading.
      if (sessions.isRevoked(sessionId)) throw liveErrors.sessionRevoked();
      const stream: OpenStream = { accountId, sessionId, stop: () => undefined };
      if (!streams.add(stream)) throw liveErrors.tooManyStreams();

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
      stream.stop = () => {
        if (!streams.remove(stream)) return;
        clearInterval(heartbeat);
        unsubscribe();
        res.end();
      };
      // The response's 'close' fires when the client goes away (the request's fires once its body is read).
      res.on('close', () => stream.stop());
    },
  );
};
