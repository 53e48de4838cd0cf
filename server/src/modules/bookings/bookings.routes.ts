import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  bookingInputSchema,
  bookingListQuerySchema,
  bookingListSchema,
  bookingSchema,
  checkInInputSchema,
  checkInResultSchema,
  idParamSchema,
  slotBookersSchema,
  slotCancelResultSchema,
  slotCancelSchema,
  slotParamsSchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import { SERVICE_ADMIN_ROLES } from '../services';
import { CHECK_IN_ROLES, type BookingsService } from './bookings.service';

const errors = errorResponses();

export const bookingsRoutes: FastifyPluginAsyncZod<{ bookings: BookingsService }> = async (app, { bookings }) => {
  app.post(
    '/bookings',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['bookings'],
        summary: '预约时段：有名额即预约成功，已满则进入候补（201）；已有该时段的预约时原样返回（200）',
        body: bookingInputSchema,
        response: { 200: bookingSchema, 201: bookingSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { booking, created } = await bookings.book(request.accountId, request.body.slotId);
      return reply.status(created ? 201 : 200).send(booking);
    },
  );

  app.get(
    '/bookings/mine',
    {
      onRequest: app.authenticate,
      schema: { tags: ['bookings'], summary: '我的预约', querystring: bookingListQuerySchema, response: { 200: bookingListSchema, ...errors } },
    },
    async (request) => ({ items: await bookings.mine(request.accountId, request.query) }),
  );

  app.delete(
    '/bookings/:id',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['bookings'],
        summary: '取消预约（截止时间前），名额递补给候补第一位',
        params: idParamSchema,
        response: { 200: bookingSchema, ...errors },
      },
    },
    async (request) => bookings.cancel(request.accountId, request.params.id),
  );

  app.post(
    '/bookings/:id/accept',
    {
      onRequest: app.authenticate,
      schema: { tags: ['bookings'], summary: '确认候补名额', params: idParamSchema, response: { 200: bookingSchema, ...errors } },
    },
    async (request) => bookings.accept(request.accountId, request.params.id),
  );

  app.post(
    '/staff/bookings/check-in',
    {
      onRequest: app.authenticate,
      config: { staffRoles: CHECK_IN_ROLES },
      schema: { tags: ['staff'], summary: '扫预约码签到（重复扫码只签到一次）', body: checkInInputSchema, response: { 200: checkInResultSchema, ...errors } },
    },
    async (request) => bookings.checkIn(request.accountId, request.body.token),
  );

  app.get(
    '/admin/services/:id/slots/:slotId/bookings',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SERVICE_ADMIN_ROLES },
      schema: {
        tags: ['admin'],
        summary: '时段的预约名单（已约与候补；姓名、手机号打码）',
        params: slotParamsSchema,
        response: { 200: slotBookersSchema, ...errors },
      },
    },
    async (request) => bookings.slotBookers(request.accountId, request.params.id, request.params.slotId),
  );

  app.post(
    '/admin/services/:id/slots/:slotId/cancel',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SERVICE_ADMIN_ROLES },
      schema: {
        tags: ['admin'],
        summary: '取消时段：取消其上的预约与候补并通知每一位（附原因），此后不再接受预约；重复提交不变',
        params: slotParamsSchema,
        body: slotCancelSchema,
        response: { 200: slotCancelResultSchema, ...errors },
      },
    },
    async (request) => bookings.cancelSlot(request.accountId, request.params.id, request.params.slotId, request.body.reason),
  );
};
