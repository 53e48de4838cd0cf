import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ID_CARD_IMAGE_MAX_BYTES, idCardOcrRequestSchema, idCardOcrResponseSchema } from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { OcrService } from './ocr.service';

const errors = errorResponses(400, 401, 413, 422, 429, 502);

export const ocrRoutes: FastifyPluginAsyncZod<{ ocr: OcrService }> = async (app, { ocr }) => {
  app.post(
    '/ocr/id-card',
    {
      onRequest: app.authenticate,
      // The one route that takes a photo: base64 of up to 2 MB plus the JSON around it. Every other route keeps the small global limit.
      bodyLimit: Math.ceil(ID_CARD_IMAGE_MAX_BYTES / 3) * 4 + 1024,
      schema: {
        tags: ['applications'],
        summary: '拍身份证识别姓名和身份证号（照片不保存）',
        body: idCardOcrRequestSchema,
        response: { 200: idCardOcrResponseSchema, ...errors },
      },
    },
    async (request) => ocr.readIdCard(request.accountId, Buffer.from(request.body.image, 'base64')),
  );
};
