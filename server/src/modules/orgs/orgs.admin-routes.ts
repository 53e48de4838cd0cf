import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamSchema,
  orgCloseResponseSchema,
  orgCloseSchema,
  orgCreateSchema,
  orgDetailListSchema,
  orgDetailSchema,
  orgImportInputSchema,
  orgImportReportSchema,
  ORG_IMPORT_MAX_BYTES,
  orgMoveSchema,
  orgUpdateSchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { OrgAdmin } from './orgs.admin';
import { ORG_ADMIN_ROLES } from './orgs.service';

const errors = errorResponses();
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The union tree for its admins and operators: /admin/orgs… */
export const orgsAdminRoutes: FastifyPluginAsyncZod<{ orgAdmin: OrgAdmin }> = async (app, { orgAdmin }) => {
  const route = { onRequest: app.authenticate, config: { staffRoles: ORG_ADMIN_ROLES } };

  app.get(
    '/admin/orgs',
    { ...route, schema: { tags: ['admin'], summary: '工会组织树：我管理的工会及下级（含已撤销）', response: { 200: orgDetailListSchema, ...errors } } },
    async (request) => ({ items: await orgAdmin.list(request.accountId) }),
  );

  app.post(
    '/admin/orgs',
    {
      ...route,
      schema: { tags: ['admin'], summary: '在我管理的工会下新建工会', body: orgCreateSchema, response: { 201: orgDetailSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await orgAdmin.create(request.accountId, request.body)),
  );

  app.patch(
    '/admin/orgs/:id',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '编辑工会：名称、类型、区划、地址、位置、电话、办公时间、自动审核、是否受理入会',
        params: idParamSchema,
        body: orgUpdateSchema,
        response: { 200: orgDetailSchema, ...errors },
      },
    },
    async (request) => orgAdmin.update(request.accountId, request.params.id, request.body),
  );

  app.post(
    '/admin/orgs/:id/move',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '调整上级工会（连同下级一起移动；不能移到自己之下或我管理的范围之外）',
        params: idParamSchema,
        body: orgMoveSchema,
        response: { 200: orgDetailSchema, ...errors },
      },
    },
    async (request) => orgAdmin.move(request.accountId, request.params.id, request.body.parentId),
  );

  app.post(
    '/admin/orgs/:id/close',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '撤销工会：会员和待审核申请在同一事务中转到指定工会',
        params: idParamSchema,
        body: orgCloseSchema,
        response: { 200: orgCloseResponseSchema, ...errors },
      },
    },
    async (request) => orgAdmin.close(request.accountId, request.params.id, request.body.moveTo),
  );

  app.get(
    '/admin/orgs/import/template',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '下载工会组织树导入模板（Excel .xlsx，含填写说明）',
        produces: [XLSX_TYPE],
        // No parameters: anything in the query is refused, as on every route.
        querystring: z.strictObject({}),
        response: { 200: z.string().describe('the .xlsx file'), ...errors },
      },
    },
    async (request, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="org-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('工会组织导入模板.xlsx')}`)
        .send(await orgAdmin.importTemplate(request.accountId)),
  );

  app.post(
    '/admin/orgs/import',
    {
      ...route,
      // The file base64 (4/3 of its bytes) and the JSON around it.
      bodyLimit: Math.ceil(ORG_IMPORT_MAX_BYTES / 3) * 4 + 64 * 1024,
      schema: {
        tags: ['admin'],
        summary: '导入工会组织树（Excel .xlsx 或 CSV：代码、上级代码、名称、类型、区划代码…）：先试导入逐行报错，无错才全部导入',
        description:
          'Body: { file: base64 of an .xlsx (first sheet) or of a CSV in UTF-8 or GBK, fileName?, dryRun? }, or { csv: text, dryRun? }. A dry run, or any bad row, writes nothing.',
        body: orgImportInputSchema,
        response: { 200: orgImportReportSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 429) },
      },
    },
    async (request) => orgAdmin.importFile(request.accountId, request.body),
  );
};
