import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamSchema,
  STAFF_ADMIN_ROLES,
  staffAccountResponseSchema,
  staffGrantSchema,
  staffInviteSchema,
  staffListQuerySchema,
  staffListResponseSchema,
  staffRoleChangeSchema,
  staffInvitationListSchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { StaffService } from './access.staff';

const errors = errorResponses();

/** A union's staff and their roles, for its admins and the operators (/admin/staff…). */
export const staffRoutes: FastifyPluginAsyncZod<{ staff: StaffService }> = async (app, { staff }) => {
  const route = { onRequest: app.authenticate, config: { staffRoles: STAFF_ADMIN_ROLES } };

  app.get(
    '/admin/staff',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '工作人员：我管理的工会（含下级）的角色、最近活跃时间和授权人',
        querystring: staffListQuerySchema,
        response: { 200: staffListResponseSchema, ...errors },
      },
    },
    async (request) => ({ items: await staff.list(request.accountId, request.query) }),
  );

  app.post(
    '/admin/staff',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '按手机号邀请工作人员（不高于自己的角色）：对方登录后在“我的”接受邀请才获得角色，7天内有效',
        body: staffInviteSchema,
        response: { 201: staffGrantSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await staff.invite(request.accountId, request.body)),
  );

  app.patch(
    '/admin/staff/grants/:id',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '更改工作人员的角色',
        params: idParamSchema,
        body: staffRoleChangeSchema,
        response: { 200: staffGrantSchema, ...errors },
      },
    },
    async (request) => staff.changeRole(request.accountId, request.params.id, request.body.role),
  );

  app.delete(
    '/admin/staff/grants/:id',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '移除角色：对方在所有实例上立即退出登录，实时推送断开',
        params: idParamSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await staff.revoke(request.accountId, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/admin/staff/invitations/:id',
    {
      ...route,
      schema: { tags: ['admin'], summary: '撤回工作人员邀请（待接受或已过期）', params: idParamSchema, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await staff.withdrawInvitation(request.accountId, request.params.id);
      return reply.status(204).send(null);
    },
  );

  // The person invited answers on 我的: any signed-in account, staff or not yet.
  app.get(
    '/me/staff-invitations',
    {
      onRequest: app.authenticate,
      schema: { tags: ['admin'], summary: '邀请我担任工作人员的邀请（待我接受）', response: { 200: staffInvitationListSchema, ...errors } },
    },
    async (request) => ({ items: await staff.myInvitations(request.accountId) }),
  );

  for (const [action, accept, summary] of [
    ['accept', true, '接受工作人员邀请：获得邀请中的角色'],
    ['decline', false, '谢绝工作人员邀请'],
  ] as const) {
    app.post(
      `/me/staff-invitations/:id/${action}`,
      {
        onRequest: app.authenticate,
        schema: { tags: ['admin'], summary, params: idParamSchema, response: { 204: z.null(), ...errors } },
      },
      async (request, reply) => {
        await staff.answerInvitation(request.accountId, request.params.id, accept);
        return reply.status(204).send(null);
      },
    );
  }

  for (const [action, disable, summary] of [
    ['disable', true, '停用账号：不能登录，所有登录立即失效'],
    ['enable', false, '恢复已停用的账号'],
  ] as const) {
    app.post(
      `/admin/staff/accounts/:id/${action}`,
      {
        ...route,
        schema: { tags: ['admin'], summary, params: idParamSchema, response: { 200: staffAccountResponseSchema, ...errors } },
      },
      async (request) => staff.setDisabled(request.accountId, request.params.id, disable),
    );
  }
};
