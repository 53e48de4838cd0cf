import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  attemptResultSchema,
  attemptReviewSchema,
  attemptSchema,
  bankImportInputSchema,
  bankImportResultSchema,
  bankListSchema,
  courseDetailSchema,
  courseInputSchema,
  courseListSchema,
  courseSchema,
  heartbeatInputSchema,
  lessonProgressSchema,
  lessonSchema,
  idParamSchema,
  pointsSchema,
  submitInputSchema,
  testInputSchema,
  testListSchema,
  testSchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import type { CoursesService } from './learning.courses';
import type { PointsService } from './learning.points';
import { LEARNING_ROLES } from './learning.common';
import type { LearningService } from './learning.service';

const errors = errorResponses();

/** Members: tests of their union, attempts, results, reviews and their points. */
export const learningRoutes: FastifyPluginAsyncZod<{ learning: LearningService; points: PointsService; courses: CoursesService }> = async (
  app,
  { learning, points, courses },
) => {
  const member = { onRequest: app.authenticate };
  app.get(
    '/learning/tests',
    { ...member, schema: { tags: ['learning'], summary: '我可以参加的测试', response: { 200: testListSchema, ...errors } } },
    async (request) => ({ items: await learning.listForMember(request.accountId) }),
  );
  app.post(
    '/learning/tests/:id/attempts',
    {
      ...member,
      schema: { tags: ['learning'], summary: '开始答题（有未交卷的答题则继续）', params: idParamSchema, response: { 201: attemptSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await learning.start(request.accountId, request.params.id)),
  );
  app.get(
    '/learning/attempts/:id',
    { ...member, schema: { tags: ['learning'], summary: '答题的题目和截止时间', params: idParamSchema, response: { 200: attemptSchema, ...errors } } },
    async (request) => learning.attempt(request.accountId, request.params.id),
  );
  app.post(
    '/learning/attempts/:id/submit',
    {
      ...member,
      schema: {
        tags: ['learning'],
        summary: '交卷（重复提交只评分一次）',
        params: idParamSchema,
        body: submitInputSchema,
        response: { 200: attemptResultSchema, ...errors },
      },
    },
    async (request) => learning.submit(request.accountId, request.params.id, request.body.answers),
  );
  app.get(
    '/learning/attempts/:id/result',
    { ...member, schema: { tags: ['learning'], summary: '成绩', params: idParamSchema, response: { 200: attemptResultSchema, ...errors } } },
    async (request) => learning.result(request.accountId, request.params.id),
  );
  app.get(
    '/learning/attempts/:id/review',
    {
      ...member,
      schema: { tags: ['learning'], summary: '答案和解析（交卷后；竞赛在结束后）', params: idParamSchema, response: { 200: attemptReviewSchema, ...errors } },
    },
    async (request) => learning.review(request.accountId, request.params.id),
  );
  app.get(
    '/learning/courses',
    { ...member, schema: { tags: ['learning'], summary: '我的课程（含学习进度）', response: { 200: courseListSchema, ...errors } } },
    async (request) => ({ items: await courses.listCourses(request.accountId) }),
  );
  app.get(
    '/learning/courses/:id',
    { ...member, schema: { tags: ['learning'], summary: '课程和课时', params: idParamSchema, response: { 200: courseDetailSchema, ...errors } } },
    async (request) => courses.course(request.accountId, request.params.id),
  );
  app.get(
    '/learning/lessons/:id',
    { ...member, schema: { tags: ['learning'], summary: '打开课时', params: idParamSchema, response: { 200: lessonSchema, ...errors } } },
    async (request) => courses.openLesson(request.accountId, request.params.id),
  );
  app.post(
    '/learning/lessons/:id/heartbeat',
    {
      ...member,
      schema: {
        tags: ['learning'],
        summary: '视频播放心跳（服务器按时间计算观看进度）',
        params: idParamSchema,
        body: heartbeatInputSchema,
        response: { 200: lessonProgressSchema, ...errors },
      },
    },
    async (request) => courses.heartbeat(request.accountId, request.params.id, request.body.position),
  );
  app.post(
    '/learning/lessons/:id/complete',
    { ...member, schema: { tags: ['learning'], summary: '学完图文或资料课时', params: idParamSchema, response: { 200: lessonProgressSchema, ...errors } } },
    async (request) => courses.complete(request.accountId, request.params.id),
  );
  app.get(
    '/points/mine',
    { ...member, schema: { tags: ['learning'], summary: '我的积分和积分明细', response: { 200: pointsSchema, ...errors } } },
    async (request) => points.mine(request.accountId),
  );
};

/** Staff: import question banks, set tests for their unions. */
export const learningStaffRoutes: FastifyPluginAsyncZod<{ learning: LearningService; courses: CoursesService }> = async (app, { learning, courses }) => {
  const staff = { onRequest: app.authenticate, config: { staffRoles: LEARNING_ROLES } };
  app.get(
    '/staff/learning/banks',
    { ...staff, schema: { tags: ['staff'], summary: '我管理的题库', response: { 200: bankListSchema, ...errors } } },
    async (request) => ({ items: await learning.listBanks(request.accountId) }),
  );
  app.post(
    '/staff/learning/banks',
    {
      ...staff,
      schema: {
        tags: ['staff'],
        summary: '导入题库（CSV 或从 Excel 复制的表格）',
        body: bankImportInputSchema,
        response: { 200: bankImportResultSchema, ...errors },
      },
    },
    async (request) => learning.importBank(request.accountId, request.body),
  );
  app.get(
    '/staff/learning/tests',
    { ...staff, schema: { tags: ['staff'], summary: '我设置的测试', response: { 200: testListSchema, ...errors } } },
    async (request) => ({ items: await learning.listManagedTests(request.accountId) }),
  );
  app.post(
    '/staff/learning/tests',
    { ...staff, schema: { tags: ['staff'], summary: '从题库创建测试', body: testInputSchema, response: { 201: testSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await learning.createTest(request.accountId, request.body)),
  );
  app.get(
    '/staff/learning/courses',
    { ...staff, schema: { tags: ['staff'], summary: '我发布的课程', response: { 200: courseListSchema, ...errors } } },
    async (request) => ({ items: await courses.listManagedCourses(request.accountId) }),
  );
  app.post(
    '/staff/learning/courses',
    { ...staff, schema: { tags: ['staff'], summary: '发布课程（图文、视频、资料课时）', body: courseInputSchema, response: { 201: courseSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await courses.createCourse(request.accountId, request.body)),
  );
};
