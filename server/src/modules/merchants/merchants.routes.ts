import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clerkCreateSchema,
  clerkInvitationListSchema,
  clerkSchema,
  idParamSchema,
  merchantCreateSchema,
  merchantListQuerySchema,
  merchantListResponseSchema,
  merchantScanResultSchema,
  merchantSchema,
  scanRequestSchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import { MANAGE_ROLES, type MerchantsService } from './merchants.service';

const errors = errorResponses();

export const merchantsRoutes: FastifyPluginAsyncZod<{ merchants: MerchantsService }> = async (app, { merchants }) => {
  app.get(
    '/merchants',
    {
      schema: {
        tags: ['merchants'],
        summary: '附近的普惠商户（按距离由近到远，可按类别筛选）',
        querystring: merchantListQuerySchema,
        response: { 200: merchantListResponseSchema, ...errorResponses(400, 429) },
      },
    },
    async (request) => {
      const { near, category, limit } = request.query;
      return { items: await merchants.nearby({ lat: near.lat, lng: near.lng, category, limit }) };
    },
  );

  app.post(
    '/admin/merchants',
    {
      onRequest: app.authenticate,
      config: { staffRoles: MANAGE_ROLES },
      schema: { tags: ['merchants'], summary: '签约普惠商户（工会管理员、运营）', body: merchantCreateSchema, response: { 201: merchantSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await merchants.create(request.accountId, request.body)),
  );

  app.post(
    '/admin/merchants/:id/clerks',
    {
      onRequest: app.authenticate,
      config: { staffRoles: MANAGE_ROLES },
      schema: {
        tags: ['merchants'],
        summary: '添加商户店员（按手机号；店员用该手机号登录后可扫码核验会员）',
        params: idParamSchema,
        body: clerkCreateSchema,
        response: { 201: clerkSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await merchants.addClerk(request.accountId, request.params.id, request.body.phone)),
  );

  app.post(
    '/merchant/scan',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['merchants'],
        summary: '商户店员扫会员码：只显示是否有效会员和脱敏姓名',
        body: scanRequestSchema,
        response: { 200: merchantScanResultSchema, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request) => merchants.scan(request.accountId, request.body.token),
  );

  app.get(
    '/merchant/invitations',
    {
      onRequest: app.authenticate,
      schema: { tags: ['merchants'], summary: '邀请我成为普惠商户店员的邀请（待我接受）', response: { 200: clerkInvitationListSchema, ...errors } },
    },
    async (request) => ({ items: await merchants.invitations(request.accountId) }),
  );

  for (const [action, accept, summary] of [
    ['accept', true, '接受店员邀请：此后可在本店扫码验证会员、核销代金券'],
    ['decline', false, '谢绝店员邀请'],
  ] as const) {
    app.post(
      `/merchant/invitations/:id/${action}`,
      {
        onRequest: app.authenticate,
        schema: { tags: ['merchants'], summary, params: idParamSchema, response: { 204: z.null(), ...errors } },
      },
      async (request, reply) => {
        await merchants.answerInvitation(request.accountId, request.params.id, accept);
        return reply.status(204).send(null);
      },
    );
  }
};
