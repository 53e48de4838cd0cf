import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditExportQuerySchema, auditListResponseSchema, auditQuerySchema, STAFF_ADMIN_ROLES } from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { AuditSearch } from './audit-search.service';

const errors = errorResponses();

/** The audit log of the unions an admin or operator manages: search and CSV export. */
export const auditRoutes: FastifyPluginAsyncZod<{ auditSearch: AuditSearch }> = async (app, { auditSearch }) => {
  const route = { onRequest: app.authenticate, config: { staffRoles: STAFF_ADMIN_ROLES } };

  app.get(
    '/admin/audit',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '操作记录：按操作人、对象、操作类型和时间查询（仅本工会及下级）',
        querystring: auditQuerySchema,
        response: { 200: auditListResponseSchema, ...errors },
      },
    },
    async (request) => auditSearch.search(request.accountId, request.query),
  );

  app.get(
    '/admin/audit/export',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '导出操作记录（CSV，Excel 可直接打开；最多 10000 条）',
        querystring: auditExportQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const csv = await auditSearch.exportCsv(request.accountId, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(csv);
    },
  );
};
