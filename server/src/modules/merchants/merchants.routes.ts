import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clerkCreateSchema,
  clerkListResponseSchema,
  clerkParamsSchema,
  merchantAdminListQuerySchema,
  merchantAdminListResponseSchema,
  merchantAdminSchema,
  merchantUpdateSchema,
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

  app.get(
    '/admin/merchants',
    {
      onRequest: app.authenticate,
      config: { staffRoles: MANAGE_ROLES },
      schema: {
        tags: ['merchants'],
        summary: '我管理的工会签约的普惠商户（含已停用），按名称',
        querystring: merchantAdminListQuerySchema,
        response: { 200: merchantAdminListResponseSchema, ...errors },
      },
    },
    async (request) => merchants.adminList(request.accountId, request.query),
  );

  app.patch(
    '/admin/merchants/:id',
    {
      onRequest: app.authenticate,
      config: { staffRoles: MANAGE_ROLES },
      schema: {
        tags: ['merchants'],
        summary: '编辑普惠商户：名称、类别、优惠、地址和位置、签约工会、营业时间、是否上架',
        params: idParamSchema,
        body: merchantUpdateSchema,
        response: { 200: merchantAdminSchema, ...errors },
      },
    },
    async (request) => merchants.update(request.accountId, request.params.id, request.body),
  );

  app.get(
    '/admin/merchants/:id/clerks',
    {
      onRequest: app.authenticate,
      config: { staffRoles: MANAGE_ROLES },
      schema: {
        tags: ['merchants'],
        summary: '商户的店员和邀请（待接受、已过期）',
        params: idParamSchema,
        response: { 200: clerkListResponseSchema, ...errors },
      },
    },
    async (request) => ({ items: await merchants.clerks(request.accountId, request.params.id) }),
  );

  app.delete(
    '/admin/merchants/:id/clerks/:accountId',
    {
      onRequest: app.authenticate,
      config: { staffRoles: MANAGE_ROLES },
      schema: {
        tags: ['merchants'],
        summary: '撤回店员邀请，或移除店员',
        params: clerkParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await merchants.removeClerk(request.accountId, request.params.id, request.params.accountId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/admin/merchants/:id/clerks',
    {
      onRequest: app.authenticate,
      config: { staffRoles: MANAGE_ROLES },
      schema: {
        tags: ['merchants'],
        summary: '邀请商户店员（按手机号；对方登录后在“我的”接受邀请才成为店员，7天内有效）',
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
