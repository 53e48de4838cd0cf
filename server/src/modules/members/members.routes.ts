import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { memberCardSchema, memberCodeResponseSchema, scanRequestSchema, serviceCardRequestSchema, staffScanResultSchema } from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { MemberCodes } from './members.codes';
import { SCAN_ROLES, type StaffScan } from './members.scan';
import type { MembersService } from './members.service';

const errors = errorResponses();
const scanErrors = errorResponses(400, 401, 403, 404, 409, 422, 429);

export const membersRoutes: FastifyPluginAsyncZod<{ members: MembersService; codes: MemberCodes; staffScan: StaffScan }> = async (
  app,
  { members, codes, staffScan },
) => {
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

  app.post(
    '/members/me/code',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['members'],
        summary: '会员码：服务器签名的动态码，最长60秒有效，30秒后可换新码',
        response: { 200: memberCodeResponseSchema, ...errors },
      },
    },
    async (request) => codes.issue(request.accountId),
  );

  app.post(
    '/staff/scan',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SCAN_ROLES },
      schema: {
        tags: ['staff'],
        summary: '扫会员码核验会籍（本工会及下级看到会籍状态和脱敏会员号，其他工会只看到是否有效）',
        body: scanRequestSchema,
        response: { 200: staffScanResultSchema, ...scanErrors },
      },
    },
    async (request) => staffScan.scan(request.accountId, request.body.token),
  );
};
