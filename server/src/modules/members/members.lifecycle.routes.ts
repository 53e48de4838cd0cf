import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  STAFF_ADMIN_ROLES,
  idParamSchema,
  leaveInputSchema,
  myMembershipSchema,
  phoneChangeInputSchema,
  phoneCodeInputSchema,
  profileInputSchema,
  retainInputSchema,
  smsResponseSchema,
  staffMemberDetailSchema,
  staffMemberListSchema,
  staffMemberQuerySchema,
  staffTransferListSchema,
  staffTransferQuerySchema,
  staffTransferSchema,
  transferDecisionSchema,
  transferInputSchema,
  transferSchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import { MEMBER_STAFF_ROLES, type MembershipLifecycle } from './members.lifecycle';

const errors = errorResponses();
const smsErrors = errorResponses(400, 401, 403, 404, 409, 429, 502);

/** 我的会籍: the member's own membership (docs/capabilities/membership.md). */
export const membershipRoutes: FastifyPluginAsyncZod<{ lifecycle: MembershipLifecycle }> = async (app, { lifecycle }) => {
  const member = { onRequest: app.authenticate };

  app.get(
    '/members/me/membership',
    {
      ...member,
      schema: {
        tags: ['members'],
        summary: '我的会籍：状态、办理中的转会和会籍记录（已退会的也可查看记录）',
        response: { 200: myMembershipSchema, ...errors },
      },
    },
    async (request) => lifecycle.mine(request.accountId),
  );

  app.post(
    '/members/me/transfer',
    {
      ...member,
      schema: {
        tags: ['members'],
        summary: '申请转会：新工会审核，原工会可在异议期内提出异议',
        body: transferInputSchema,
        response: { 201: transferSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await lifecycle.requestTransfer(request.accountId, request.body)),
  );

  app.post(
    '/members/me/transfer/cancel',
    { ...member, schema: { tags: ['members'], summary: '撤回办理中的转会申请', response: { 200: myMembershipSchema, ...errors } } },
    async (request) => lifecycle.cancelTransfer(request.accountId),
  );

  app.post(
    '/members/me/leave',
    {
      ...member,
      schema: {
        tags: ['members'],
        summary: '退会（需填写原因）：会员码停用，之后的预约取消，未使用的券作废',
        body: leaveInputSchema,
        response: { 200: myMembershipSchema, ...errors },
      },
    },
    async (request) => lifecycle.leave(request.accountId, request.body),
  );

  app.post(
    '/members/me/retain',
    {
      ...member,
      schema: {
        tags: ['members'],
        summary: '保留会籍（失业、单位关闭、退休），3、6或12个月',
        body: retainInputSchema,
        response: { 200: myMembershipSchema, ...errors },
      },
    },
    async (request) => lifecycle.retain(request.accountId, request.body),
  );

  app.post(
    '/members/me/resume',
    { ...member, schema: { tags: ['members'], summary: '从保留会籍恢复为正常会籍', response: { 200: myMembershipSchema, ...errors } } },
    async (request) => lifecycle.resume(request.accountId),
  );

  app.patch(
    '/members/me/profile',
    {
      ...member,
      schema: {
        tags: ['members'],
        summary: '修改工作单位、职业类别（记入会籍记录）',
        body: profileInputSchema,
        response: { 200: myMembershipSchema, ...errors },
      },
    },
    async (request) => lifecycle.changeProfile(request.accountId, request.body),
  );

  app.post(
    '/members/me/phone/code',
    {
      ...member,
      schema: {
        tags: ['members'],
        summary: '更换手机号：向新手机号发送验证码',
        body: phoneCodeInputSchema,
        response: { 200: smsResponseSchema, ...smsErrors },
      },
    },
    async (request) => lifecycle.phoneCode(request.accountId, request.body.phone, request.ip),
  );

  app.post(
    '/members/me/phone',
    {
      ...member,
      schema: {
        tags: ['members'],
        summary: '更换手机号：用新手机号收到的验证码确认，此后用新号登录',
        body: phoneChangeInputSchema,
        response: { 200: myMembershipSchema, ...errors },
      },
    },
    async (request) => lifecycle.changePhone(request.accountId, request.body.phone, request.body.code),
  );
};

/** 转会办理 and 会员 of the staffer's unions: each route scoped to the subtree the staffer covers. */
export const membershipStaffRoutes: FastifyPluginAsyncZod<{ lifecycle: MembershipLifecycle }> = async (app, { lifecycle }) => {
  const staff = (roles = MEMBER_STAFF_ROLES) => ({ onRequest: app.authenticate, config: { staffRoles: roles } });

  app.get(
    '/staff/transfers',
    {
      ...staff(),
      schema: {
        tags: ['staff'],
        summary: '转会办理：转入本工会及下级的申请（in），或从本工会及下级转出的申请（out）',
        querystring: staffTransferQuerySchema,
        response: { 200: staffTransferListSchema, ...errors },
      },
    },
    async (request) => lifecycle.staffTransfers(request.accountId, request.query),
  );

  app.post(
    '/staff/transfers/:id/approve',
    {
      ...staff(),
      schema: {
        tags: ['staff'],
        summary: '新工会同意转入（原工会同意转出或异议期满后）',
        params: idParamSchema,
        response: { 200: staffTransferSchema, ...errors },
      },
    },
    async (request) => lifecycle.approveTransfer(request.accountId, request.params.id),
  );

  app.post(
    '/staff/transfers/:id/reject',
    {
      ...staff(),
      schema: {
        tags: ['staff'],
        summary: '新工会不同意转入（需填写原因）',
        params: idParamSchema,
        body: transferDecisionSchema,
        response: { 200: staffTransferSchema, ...errors },
      },
    },
    async (request) => lifecycle.rejectTransfer(request.accountId, request.params.id, request.body.reason),
  );

  app.post(
    '/staff/transfers/:id/object',
    {
      ...staff(),
      schema: {
        tags: ['staff'],
        summary: '原工会在异议期内提出异议（需填写原因），转会终止',
        params: idParamSchema,
        body: transferDecisionSchema,
        response: { 200: staffTransferSchema, ...errors },
      },
    },
    async (request) => lifecycle.objectTransfer(request.accountId, request.params.id, request.body.reason),
  );

  app.post(
    '/staff/transfers/:id/release',
    {
      ...staff(),
      schema: {
        tags: ['staff'],
        summary: '原工会同意转出（无异议），新工会即可办理',
        params: idParamSchema,
        response: { 200: staffTransferSchema, ...errors },
      },
    },
    async (request) => lifecycle.releaseTransfer(request.accountId, request.params.id),
  );

  app.get(
    '/staff/members',
    {
      ...staff(),
      schema: {
        tags: ['staff'],
        summary: '会员名册（本工会及下级）：按姓名或会员编号查找，按状态筛选',
        querystring: staffMemberQuerySchema,
        response: { 200: staffMemberListSchema, ...errors },
      },
    },
    async (request) => lifecycle.staffMembers(request.accountId, request.query),
  );

  app.get(
    '/staff/members/:id',
    {
      ...staff(),
      schema: { tags: ['staff'], summary: '会员详情和会籍记录', params: idParamSchema, response: { 200: staffMemberDetailSchema, ...errors } },
    },
    async (request) => lifecycle.staffMember(request.accountId, request.params.id),
  );

  app.post(
    '/staff/members/:id/leave',
    {
      ...staff(STAFF_ADMIN_ROLES),
      schema: {
        tags: ['staff'],
        summary: '工会为会员办理退会（谈话后，需填写原因）',
        params: idParamSchema,
        body: leaveInputSchema,
        response: { 200: staffMemberDetailSchema, ...errors },
      },
    },
    async (request) => lifecycle.staffLeave(request.accountId, request.params.id, request.body.reason),
  );
};
