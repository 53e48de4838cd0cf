import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  FIGURE_ROLES,
  figuresExportQuerySchema,
  figuresOverviewSchema,
  figuresQuerySchema,
  figuresUnionListSchema,
  figuresUnionQuerySchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { FiguresService } from './figures.service';

const errors = errorResponses();

/** 数据概览: figures of the caller's unions (or one of them) over a range of days, one figure as CSV, and the filter's unions. */
export const figuresRoutes: FastifyPluginAsyncZod<{ figures: FiguresService }> = async (app, { figures }) => {
  const route = { onRequest: app.authenticate, config: { staffRoles: FIGURE_ROLES } };

  app.get(
    '/admin/figures/overview',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '数据概览：入会、审核用时、待审核、预约签到、福利领取、驿站搜索（仅本工会及下级）',
        querystring: figuresQuerySchema,
        response: { 200: figuresOverviewSchema, ...errors },
      },
    },
    async (request) => figures.overview(request.accountId, request.query),
  );

  app.get(
    '/admin/figures/export',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '导出一张图表的数据（CSV，Excel 可直接打开）',
        querystring: figuresExportQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const { csv, filename } = await figures.exportCsv(request.accountId, request.query);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(csv);
    },
  );

  app.get(
    '/admin/figures/unions',
    {
      ...route,
      schema: {
        tags: ['admin'],
        summary: '按名称查找我负责的工会（数据概览的筛选）',
        querystring: figuresUnionQuerySchema,
        response: { 200: figuresUnionListSchema, ...errors },
      },
    },
    async (request) => ({ items: await figures.searchUnions(request.accountId, request.query.q) }),
  );
};
