import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { memberCardSchema, serviceCardRequestSchema } from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { MembersService } from './members.service';

const errors = errorResponses();

export const membersRoutes: FastifyPluginAsyncZod<{ members: MembersService }> = async (app, { members }) => {
  app.get(
    '/members/me/card',
    { onRequest: app.authenticate, schema: { tags: ['members'], summary: '电子会员卡和互助服务卡状态', response: { 200: memberCardSchema, ...errors } } },
    async (request) => members.card(request.accountId),
  );

  app.post(
    '/members/me/service-card',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['members'],
        summary: '申请互助服务卡（单独同意向银行提供信息）',
        body: serviceCardRequestSchema,
        response: { 202: memberCardSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(202).send(await members.applyServiceCard(request.accountId)),
  );
};
