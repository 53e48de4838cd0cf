import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eventCodeParamSchema, eventInputSchema, stallEventListSchema, stallEventSchema } from '@union/shared';
import { errorResponses } from '../../lib/responses';
import { EVENT_ROLES, eventDto, type EventsService } from './events.service';

const errors = errorResponses();

export const eventsRoutes: FastifyPluginAsyncZod<{ events: EventsService }> = async (app, { events }) => {
  app.get(
    '/events/:code',
    { schema: { tags: ['events'], summary: '按二维码查看入会活动', params: eventCodeParamSchema, response: { 200: stallEventSchema, ...errors } } },
    async (request) => eventDto(await events.byCode(request.params.code)),
  );

  app.post(
    '/staff/events',
    {
      onRequest: app.authenticate,
      config: { staffRoles: EVENT_ROLES },
      schema: { tags: ['staff'], summary: '创建入会活动（摆摊）', body: eventInputSchema, response: { 201: stallEventSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await events.create(request.accountId, request.body)),
  );

  app.get(
    '/staff/events',
    {
      onRequest: app.authenticate,
      config: { staffRoles: EVENT_ROLES },
      schema: { tags: ['staff'], summary: '我的入会活动', response: { 200: stallEventListSchema, ...errors } },
    },
    async (request) => ({ items: await events.list(request.accountId) }),
  );
};
