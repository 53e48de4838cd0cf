import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorBodySchema,
  loginRequestSchema,
  loginResponseSchema,
  meResponseSchema,
  refreshRequestSchema,
  smsRequestSchema,
  smsResponseSchema,
  tokenPairSchema,
  wechatLoginRequestSchema,
  wechatPhoneLoginRequestSchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { AuthService } from './auth.service';

const errors = errorResponses(400, 401, 403, 429, 502);

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService }> = async (app, { auth }) => {
  app.post(
    '/auth/sms',
    { schema: { tags: ['auth'], summary: '发送登录验证码', body: smsRequestSchema, response: { 200: smsResponseSchema, ...errors } } },
    async (request) => auth.requestSmsCode(request.body.phone, request.ip),
  );

  app.post(
    '/auth/login',
    { schema: { tags: ['auth'], summary: '手机号验证码登录', body: loginRequestSchema, response: { 200: loginResponseSchema, ...errors } } },
    async (request) => auth.loginWithSms(request.body.phone, request.body.code),
  );

  app.post(
    '/auth/wechat',
    { schema: { tags: ['auth'], summary: '微信登录 (code2Session)', body: wechatLoginRequestSchema, response: { 200: loginResponseSchema, ...errors } } },
    async (request) => auth.loginWithWechat(request.body.code),
  );

  app.post(
    '/auth/wechat-phone',
    {
      schema: {
        tags: ['auth'],
        summary: '微信手机号一键登录 (getPhoneNumber)',
        body: wechatPhoneLoginRequestSchema,
        response: { 200: loginResponseSchema, ...errors },
      },
    },
    async (request) => auth.loginWithWechatPhone(request.body.code),
  );

  app.post(
    '/auth/refresh',
    { schema: { tags: ['auth'], summary: '刷新令牌（轮换）', body: refreshRequestSchema, response: { 200: tokenPairSchema, ...errors } } },
    async (request) => auth.refresh(request.body.refreshToken),
  );

  app.post(
    '/auth/logout',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['auth'],
        summary: '退出登录（立即吊销本次登录的全部令牌）',
        // Optional: the session comes from the access token; no body at all is fine too.
        body: refreshRequestSchema.partial().nullish(),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await auth.logout(request.accountId, request.sessionId, request.body?.refreshToken);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    { onRequest: app.authenticate, schema: { tags: ['auth'], summary: '当前账号、角色和会籍', response: { 200: meResponseSchema, 401: errorBodySchema } } },
    async (request) => auth.me(request.accountId),
  );
};
