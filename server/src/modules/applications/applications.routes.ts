import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  applicationInputSchema,
  applicationSchema,
  idParamSchema,
  myApplicationsResponseSchema,
  routePreviewQuerySchema,
  routePreviewResponseSchema,
  reassignInputSchema,
  rejectInputSchema,
  revealInputSchema,
  revealResponseSchema,
  staffApplicationSchema,
  staffQueueQuerySchema,
  staffQueueResponseSchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import { REVIEW_ROLES, type ApplicationsService } from './applications.service';

const errors = errorResponses();

export const applicationsRoutes: FastifyPluginAsyncZod<{ applications: ApplicationsService }> = async (app, { applications }) => {
  app.post(
    '/applications',
    {
      onRequest: app.authenticate,
      schema: { tags: ['applications'], summary: '提交入会申请', body: applicationInputSchema, response: { 201: applicationSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await applications.submit(request.accountId, request.body)),
  );

  app.get(
    '/applications/route-preview',
    {
      schema: {
        tags: ['applications'],
        summary: '入会到：选好工作区域后，预览将由哪个工会审核（与提交时同一套分配规则）',
        querystring: routePreviewQuerySchema,
        response: { 200: routePreviewResponseSchema, ...errors },
      },
    },
    async (request) => applications.routePreview(request.query),
  );

  app.get(
    '/applications/mine',
    { onRequest: app.authenticate, schema: { tags: ['applications'], summary: '我的入会申请', response: { 200: myApplicationsResponseSchema, ...errors } } },
    async (request) => ({ items: await applications.mine(request.accountId) }),
  );

  app.put(
    '/applications/:id',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['applications'],
        summary: '修改被驳回的申请并重新提交',
        params: idParamSchema,
        body: applicationInputSchema,
        response: { 200: applicationSchema, ...errors },
      },
    },
    async (request) => applications.resubmit(request.accountId, request.params.id, request.body),
  );

  app.post(
    '/applications/:id/withdraw',
    {
      onRequest: app.authenticate,
      schema: { tags: ['applications'], summary: '撤回待审核的申请', params: idParamSchema, response: { 200: applicationSchema, ...errors } },
    },
    async (request) => applications.withdraw(request.accountId, request.params.id),
  );

  app.get(
    '/staff/applications',
    {
      onRequest: app.authenticate,
      config: { staffRoles: REVIEW_ROLES },
      schema: {
        tags: ['staff'],
        summary: '审核队列（本工会及下级）',
        querystring: staffQueueQuerySchema,
        response: { 200: staffQueueResponseSchema, ...errors },
      },
    },
    async (request) => applications.queue(request.accountId, request.query),
  );

  app.get(
    '/staff/applications/:id',
    {
      onRequest: app.authenticate,
      config: { staffRoles: REVIEW_ROLES },
      schema: { tags: ['staff'], summary: '申请详情', params: idParamSchema, response: { 200: staffApplicationSchema, ...errors } },
    },
    async (request) => applications.staffGet(request.accountId, request.params.id),
  );

  app.post(
    '/staff/applications/:id/approve',
    {
      onRequest: app.authenticate,
      config: { staffRoles: REVIEW_ROLES },
      schema: { tags: ['staff'], summary: '通过', params: idParamSchema, response: { 200: staffApplicationSchema, ...errors } },
    },
    async (request) => applications.approve(request.accountId, request.params.id),
  );

  app.post(
    '/staff/applications/:id/reject',
    {
      onRequest: app.authenticate,
      config: { staffRoles: REVIEW_ROLES },
      schema: {
        tags: ['staff'],
        summary: '驳回（需填写原因）',
        params: idParamSchema,
        body: rejectInputSchema,
        response: { 200: staffApplicationSchema, ...errors },
      },
    },
    async (request) => applications.reject(request.accountId, request.params.id, request.body.reason),
  );

  app.post(
    '/staff/applications/:id/reassign',
    {
      onRequest: app.authenticate,
      config: { staffRoles: REVIEW_ROLES },
      schema: {
        tags: ['staff'],
        summary: '转交其他工会',
        params: idParamSchema,
        body: reassignInputSchema,
        response: { 200: staffApplicationSchema, ...errors },
      },
    },
    async (request) => applications.reassign(request.accountId, request.params.id, request.body.orgId, request.body.reason),
  );

  app.post(
    '/staff/applications/:id/reveal',
    {
      onRequest: app.authenticate,
      config: { staffRoles: REVIEW_ROLES },
      schema: {
        tags: ['staff'],
        summary: '查看完整身份证号或手机号（记录原因）',
        params: idParamSchema,
        body: revealInputSchema,
        response: { 200: revealResponseSchema, ...errors },
      },
    },
    async (request) => applications.reveal(request.accountId, request.params.id, request.body.field, request.body.reason),
  );
};
