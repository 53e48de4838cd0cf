import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { placeCodeSchema, placeListQuerySchema, placeOptionListSchema, placeParamsSchema } from '@union/shared';
import { errorResponses } from '../../lib/responses';
import { PRINT_ROLES, SHOW_ROLES, type PlacesService } from './places.service';

const errors = errorResponses();

export const placesRoutes: FastifyPluginAsyncZod<{ places: PlacesService }> = async (app, { places }) => {
  app.get(
    '/staff/places/:kind/:id/code',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SHOW_ROLES },
      schema: {
        tags: ['staff'],
        summary: '地点动态领取码（工作人员手机出示，约 30 秒刷新）',
        params: placeParamsSchema,
        response: { 200: placeCodeSchema, ...errors },
      },
    },
    async (request) => places.rotatingCode(request.accountId, request.params.kind, request.params.id),
  );

  app.get(
    '/admin/places',
    {
      onRequest: app.authenticate,
      config: { staffRoles: PRINT_ROLES },
      schema: {
        tags: ['admin'],
        summary: '我管理的地点（驿站、活动、商户），按名称或地址搜索、分页；用于福利活动的领取地点和服务的驿站',
        querystring: placeListQuerySchema,
        response: { 200: placeOptionListSchema, ...errors },
      },
    },
    async (request) =>
      places.listInScope(request.accountId, request.query.kind, { text: request.query.q, limit: request.query.limit, offset: request.query.offset }),
  );

  app.post(
    '/admin/places/:kind/:id/poster',
    {
      onRequest: app.authenticate,
      config: { staffRoles: PRINT_ROLES },
      schema: { tags: ['admin'], summary: '打印地点海报码（旧海报随即失效）', params: placeParamsSchema, response: { 201: placeCodeSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await places.printPoster(request.accountId, request.params.kind, request.params.id)),
  );
};
