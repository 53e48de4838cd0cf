import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  attemptSchema,
  contestExportQuerySchema,
  contestInputSchema,
  contestListSchema,
  contestRankingSchema,
  contestSchema,
  flaggedAttemptSchema,
  flaggedListSchema,
  flagReviewInputSchema,
  idParamSchema,
  rankingQuerySchema,
  settlementSchema,
  unitRankingQuerySchema,
  unitRankingSchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import { LEARNING_ROLES } from './learning.common';
import type { ContestsService } from './learning.contests';

const errors = errorResponses();

/** Members: contests of their union, an attempt (tries per day), and the rankings once the window closes. */
export const contestRoutes: FastifyPluginAsyncZod<{ contests: ContestsService }> = async (app, { contests }) => {
  const member = { onRequest: app.authenticate };
  app.get(
    '/learning/contests',
    {
      ...member,
      schema: { tags: ['learning'], summary: '我可以参加的知识竞赛（含今天剩余次数和我的最好成绩）', response: { 200: contestListSchema, ...errors } },
    },
    async (request) => ({ items: await contests.listForMember(request.accountId) }),
  );
  app.get(
    '/learning/contests/:id',
    { ...member, schema: { tags: ['learning'], summary: '知识竞赛和我的成绩', params: idParamSchema, response: { 200: contestSchema, ...errors } } },
    async (request) => contests.contest(request.accountId, request.params.id),
  );
  app.post(
    '/learning/contests/:id/attempts',
    {
      ...member,
      schema: { tags: ['learning'], summary: '开始竞赛答题（每天限次；有未交卷的则继续）', params: idParamSchema, response: { 201: attemptSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await contests.start(request.accountId, request.params.id)),
  );
  app.get(
    '/learning/contests/:id/ranking',
    {
      ...member,
      schema: {
        tags: ['learning'],
        summary: '个人排名：前 N 名和我的名次（竞赛结束后）',
        params: idParamSchema,
        querystring: rankingQuerySchema,
        response: { 200: contestRankingSchema, ...errors },
      },
    },
    async (request) => contests.ranking(request.accountId, request.params.id, request.query.limit),
  );
  app.get(
    '/learning/contests/:id/units',
    {
      ...member,
      schema: { tags: ['learning'], summary: '单位排名和参与率（竞赛结束后）', params: idParamSchema, response: { 200: unitRankingSchema, ...errors } },
    },
    async (request) => contests.units(request.accountId, request.params.id),
  );
};

/** Staff: create contests, read the rankings live, review flagged attempts, settle. */
export const contestStaffRoutes: FastifyPluginAsyncZod<{ contests: ContestsService }> = async (app, { contests }) => {
  const staff = { onRequest: app.authenticate, config: { staffRoles: LEARNING_ROLES } };
  app.get(
    '/staff/learning/contests',
    { ...staff, schema: { tags: ['staff'], summary: '我管理的知识竞赛（参与人数、待审核）', response: { 200: contestListSchema, ...errors } } },
    async (request) => ({ items: await contests.listManagedContests(request.accountId) }),
  );
  app.post(
    '/staff/learning/contests',
    { ...staff, schema: { tags: ['staff'], summary: '从题库发布知识竞赛', body: contestInputSchema, response: { 201: contestSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await contests.createContest(request.accountId, request.body)),
  );
  app.get(
    '/staff/learning/contests/:id/ranking',
    {
      ...staff,
      schema: {
        tags: ['staff'],
        summary: '个人排名（实时，前 N 名）',
        params: idParamSchema,
        querystring: rankingQuerySchema,
        response: { 200: contestRankingSchema, ...errors },
      },
    },
    async (request) => contests.staffRanking(request.accountId, request.params.id, request.query.limit),
  );
  app.get(
    '/staff/learning/contests/:id/units',
    {
      ...staff,
      schema: {
        tags: ['staff'],
        summary: '单位排名和参与率（实时；under 为下级工会时看其下各单位）',
        params: idParamSchema,
        querystring: unitRankingQuerySchema,
        response: { 200: unitRankingSchema, ...errors },
      },
    },
    async (request) => contests.staffUnits(request.accountId, request.params.id, request.query.under),
  );
  app.get(
    '/staff/learning/contests/:id/export',
    {
      ...staff,
      schema: {
        tags: ['staff'],
        summary: '导出排名（CSV，Excel 可直接打开）',
        params: idParamSchema,
        querystring: contestExportQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const { csv } = await contests.exportCsv(request.accountId, request.params.id, request.query.by, request.query.under);
      const name = `contest-${request.query.by}-${new Date().toISOString().slice(0, 10)}.csv`;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv);
    },
  );
  app.get(
    '/staff/learning/contests/:id/flagged',
    {
      ...staff,
      schema: { tags: ['staff'], summary: '用时过短的答题（待审核在前）', params: idParamSchema, response: { 200: flaggedListSchema, ...errors } },
    },
    async (request) => ({ items: await contests.flagged(request.accountId, request.params.id) }),
  );
  app.post(
    '/staff/learning/contest-attempts/:id/review',
    {
      ...staff,
      schema: {
        tags: ['staff'],
        summary: '审核用时过短的答题：认可（计入排名）或不计成绩',
        params: idParamSchema,
        body: flagReviewInputSchema,
        response: { 200: flaggedAttemptSchema, ...errors },
      },
    },
    async (request) => contests.reviewFlag(request.accountId, request.params.id, request.body.decision),
  );
  app.post(
    '/staff/learning/contests/:id/settle',
    {
      ...staff,
      schema: {
        tags: ['staff'],
        summary: '竞赛结束后发放名次奖励（积分，及奖品券；重复发放只发一次）',
        params: idParamSchema,
        response: { 200: settlementSchema, ...errors },
      },
    },
    async (request) => contests.settle(request.accountId, request.params.id),
  );
};
