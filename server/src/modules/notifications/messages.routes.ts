import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamSchema,
  messageListQuerySchema,
  messageListSchema,
  messageSchema,
  messageSettingsInputSchema,
  messageSettingsSchema,
  unreadCountSchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { MessagesService } from './messages.service';

const errors = errorResponses();

export const messagesRoutes: FastifyPluginAsyncZod<{ messages: MessagesService }> = async (app, { messages }) => {
  app.get(
    '/messages',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['messages'],
        summary: '我的消息（最新在前）与未读数',
        querystring: messageListQuerySchema,
        response: { 200: messageListSchema, ...errors },
      },
    },
    async (request) => messages.list(request.accountId, request.query.limit, request.query.before),
  );

  app.get(
    '/messages/unread-count',
    { onRequest: app.authenticate, schema: { tags: ['messages'], summary: '未读消息数', response: { 200: unreadCountSchema, ...errors } } },
    async (request) => messages.unread(request.accountId),
  );

  app.post(
    '/messages/:id/read',
    {
      onRequest: app.authenticate,
      schema: { tags: ['messages'], summary: '标记一条消息已读', params: idParamSchema, response: { 200: messageSchema, ...errors } },
    },
    async (request) => messages.read(request.accountId, request.params.id),
  );

  app.post(
    '/messages/read-all',
    { onRequest: app.authenticate, schema: { tags: ['messages'], summary: '全部标记已读', response: { 200: unreadCountSchema, ...errors } } },
    async (request) => messages.readAll(request.accountId),
  );

  app.get(
    '/messages/settings',
    {
      onRequest: app.authenticate,
      schema: { tags: ['messages'], summary: '消息通知设置（是否接收短信通知）', response: { 200: messageSettingsSchema, ...errors } },
    },
    async (request) => messages.settings(request.accountId),
  );

  app.put(
    '/messages/settings',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['messages'],
        summary: '同意或关闭短信通知（记录同意时间）',
        body: messageSettingsInputSchema,
        response: { 200: messageSettingsSchema, ...errors },
      },
    },
    async (request) => messages.setSmsConsent(request.accountId, request.body.smsConsent),
  );
};
