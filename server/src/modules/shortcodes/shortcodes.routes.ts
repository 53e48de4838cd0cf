import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveShortCodeRequestSchema, resolveShortCodeResponseSchema } from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { ShortCodesService } from './shortcodes.service';

const errors = errorResponses();

export const shortCodesRoutes: FastifyPluginAsyncZod<{ shortCodes: ShortCodesService }> = async (app, { shortCodes }) => {
  app.post(
    '/short-codes/resolve',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['codes'],
        summary: '按二维码下方的码找到二维码（只对其用途有效，输错次数受限）',
        body: resolveShortCodeRequestSchema,
        response: { 200: resolveShortCodeResponseSchema, ...errors },
      },
    },
    async (request) => shortCodes.resolve(request.body.code, request.body.purpose, { accountId: request.accountId, ip: request.ip }),
  );
};
