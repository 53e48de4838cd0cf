import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamSchema,
  serviceInputSchema,
  serviceListQuerySchema,
  serviceListSchema,
  servicePatchSchema,
  serviceSchema,
  slotCreatedSchema,
  slotInputSchema,
  slotListQuerySchema,
  slotListSchema,
  slotScheduleSchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import { SERVICE_ADMIN_ROLES, type ServicesService } from './services.service';

const errors = errorResponses();

export const servicesRoutes: FastifyPluginAsyncZod<{ services: ServicesService }> = async (app, { services }) => {
  app.get(
    '/services',
    {
      onRequest: app.authenticate,
      schema: { tags: ['services'], summary: '我可以预约的服务', querystring: serviceListQuerySchema, response: { 200: serviceListSchema, ...errors } },
    },
    async (request) => ({ items: await services.listForMember(request.accountId, request.query) }),
  );

  app.get(
    '/services/:id',
    { onRequest: app.authenticate, schema: { tags: ['services'], summary: '服务详情', params: idParamSchema, response: { 200: serviceSchema, ...errors } } },
    async (request) => services.serviceForMember(request.accountId, request.params.id),
  );

  app.get(
    '/services/:id/slots',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['services'],
        summary: '服务的可预约时段（剩余名额、候补人数）',
        params: idParamSchema,
        querystring: slotListQuerySchema,
        response: { 200: slotListSchema, ...errors },
      },
    },
    async (request) => ({ items: await services.slotsForMember(request.accountId, request.params.id, request.query) }),
  );

  app.get(
    '/admin/services',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SERVICE_ADMIN_ROLES },
      schema: { tags: ['admin'], summary: '我管理的服务', querystring: slotListQuerySchema, response: { 200: serviceListSchema, ...errors } },
    },
    async (request) => ({ items: await services.listManaged(request.accountId, request.query) }),
  );

  app.post(
    '/admin/services',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SERVICE_ADMIN_ROLES },
      schema: { tags: ['admin'], summary: '创建服务', body: serviceInputSchema, response: { 201: serviceSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await services.create(request.accountId, request.body)),
  );

  app.get(
    '/admin/services/:id',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SERVICE_ADMIN_ROLES },
      schema: { tags: ['admin'], summary: '我管理的服务详情（含已下架）', params: idParamSchema, response: { 200: serviceSchema, ...errors } },
    },
    async (request) => services.getManaged(request.accountId, request.params.id),
  );

  app.get(
    '/admin/services/:id/slots',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SERVICE_ADMIN_ROLES },
      schema: {
        tags: ['admin'],
        summary: '服务未结束的时段（管理）',
        params: idParamSchema,
        querystring: slotListQuerySchema,
        response: { 200: slotListSchema, ...errors },
      },
    },
    async (request) => ({ items: await services.slotsManaged(request.accountId, request.params.id, request.query) }),
  );

  app.patch(
    '/admin/services/:id',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SERVICE_ADMIN_ROLES },
      schema: { tags: ['admin'], summary: '修改服务', params: idParamSchema, body: servicePatchSchema, response: { 200: serviceSchema, ...errors } },
    },
    async (request) => services.update(request.accountId, request.params.id, request.body),
  );

  app.post(
    '/admin/services/:id/slots',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SERVICE_ADMIN_ROLES },
      schema: { tags: ['admin'], summary: '添加时段', params: idParamSchema, body: slotInputSchema, response: { 201: slotCreatedSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await services.addSlot(request.accountId, request.params.id, request.body)),
  );

  app.post(
    '/admin/services/:id/slots/generate',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SERVICE_ADMIN_ROLES },
      schema: {
        tags: ['admin'],
        summary: '按周排期批量生成时段',
        params: idParamSchema,
        body: slotScheduleSchema,
        response: { 201: slotCreatedSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await services.generateSlots(request.accountId, request.params.id, request.body)),
  );
};
