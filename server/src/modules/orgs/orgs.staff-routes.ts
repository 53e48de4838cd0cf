import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamSchema, orgSettingsInputSchema, orgSettingsListSchema, orgSettingsSchema } from '@union/shared';
import { errorResponses } from '../../lib/responses';
import { ORG_ADMIN_ROLES, ORG_VIEW_ROLES, type OrgsService } from './orgs.service';

const errors = errorResponses();

export const orgsStaffRoutes: FastifyPluginAsyncZod<{ orgsService: OrgsService }> = async (app, { orgsService }) => {
  app.get(
    '/staff/orgs',
    {
      onRequest: app.authenticate,
      config: { staffRoles: ORG_VIEW_ROLES },
      schema: { tags: ['staff'], summary: '我负责的工会（含下级）', response: { 200: orgSettingsListSchema, ...errors } },
    },
    async (request) => ({ items: await orgsService.listForStaff(request.accountId) }),
  );

  app.patch(
    '/staff/orgs/:id',
    {
      onRequest: app.authenticate,
      config: { staffRoles: ORG_ADMIN_ROLES },
      schema: {
        tags: ['staff'],
        summary: '工会设置：自动审核（管理员）',
        params: idParamSchema,
        body: orgSettingsInputSchema,
        response: { 200: orgSettingsSchema, ...errors },
      },
    },
    async (request) => orgsService.setAutoApprove(request.accountId, request.params.id, request.body.autoApprove),
  );
};
