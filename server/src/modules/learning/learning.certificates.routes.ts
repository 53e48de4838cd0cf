import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { certificateCheckSchema, certificateCodeParamSchema, certificateListSchema, certificateSchema, idParamSchema } from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { CertificatesService } from './learning.certificates';

const errors = errorResponses();

/** 我的证书 (members), and the check of a certificate's code anyone can make without signing in. */
export const certificatesRoutes: FastifyPluginAsyncZod<{ certificates: CertificatesService }> = async (app, { certificates }) => {
  app.get(
    '/learning/certificates',
    {
      onRequest: app.authenticate,
      schema: { tags: ['learning'], summary: '我的证书（学完课程、通过测试）', response: { 200: certificateListSchema, ...errors } },
    },
    async (request) => ({ items: await certificates.mine(request.accountId) }),
  );
  app.get(
    '/learning/certificates/:id',
    {
      onRequest: app.authenticate,
      schema: { tags: ['learning'], summary: '我的一张证书', params: idParamSchema, response: { 200: certificateSchema, ...errors } },
    },
    async (request) => certificates.one(request.accountId, request.params.id),
  );
  app.get(
    '/certificates/:code',
    {
      // The holder's name, masked, is still about a person: never cached by a browser or a proxy.
      config: { personal: true },
      schema: {
        tags: ['learning'],
        summary: '验证证书（无需登录；持证人姓名部分隐藏；输错次数受限）',
        params: certificateCodeParamSchema,
        response: { 200: certificateCheckSchema, ...errors },
      },
    },
    async (request) => certificates.check(request.params.code, request.ip),
  );
};
