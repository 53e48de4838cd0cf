import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { classLessonListSchema, classListSchema, classSchema, classSettingsInputSchema, classSettingsSchema, idParamSchema } from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { ClassesService } from './learning.classes';
import { LEARNING_ROLES } from './learning.common';

const errors = errorResponses();

/** Classes (课堂): members list them in 学习; staff link a lesson and a live link to a service of the class kind. */
export const classesRoutes: FastifyPluginAsyncZod<{ classes: ClassesService }> = async (app, { classes }) => {
  const member = { onRequest: app.authenticate };
  const staff = { onRequest: app.authenticate, config: { staffRoles: LEARNING_ROLES } };
  app.get(
    '/learning/classes',
    { ...member, schema: { tags: ['learning'], summary: '我可以预约的课堂（夜校、云课堂）', response: { 200: classListSchema, ...errors } } },
    async (request) => ({ items: await classes.listForMember(request.accountId) }),
  );
  app.get(
    '/learning/classes/:id',
    {
      ...member,
      schema: { tags: ['learning'], summary: '课堂：关联课时和直播链接（按服务编号）', params: idParamSchema, response: { 200: classSchema, ...errors } },
    },
    async (request) => classes.forMember(request.accountId, request.params.id),
  );
  app.get(
    '/staff/learning/classes/:id',
    {
      ...staff,
      schema: { tags: ['staff'], summary: '课堂设置（按服务编号）', params: idParamSchema, response: { 200: classSettingsSchema, ...errors } },
    },
    async (request) => classes.settings(request.accountId, request.params.id),
  );
  app.put(
    '/staff/learning/classes/:id',
    {
      ...staff,
      schema: {
        tags: ['staff'],
        summary: '设置课堂：关联课时、直播链接（技能培训类服务）',
        params: idParamSchema,
        body: classSettingsInputSchema,
        response: { 200: classSettingsSchema, ...errors },
      },
    },
    async (request) => classes.saveSettings(request.accountId, request.params.id, request.body),
  );
  app.get(
    '/staff/learning/lessons',
    { ...staff, schema: { tags: ['staff'], summary: '可关联到课堂的课时', response: { 200: classLessonListSchema, ...errors } } },
    async (request) => ({ items: await classes.linkableLessons(request.accountId) }),
  );
};
