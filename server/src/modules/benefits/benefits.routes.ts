import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  benefitIdParamSchema,
  benefitListSchema,
  campaignCloseSchema,
  campaignDrainListSchema,
  campaignDrainSchema,
  campaignInputSchema,
  campaignUpdateSchema,
  claimInputSchema,
  claimListSchema,
  claimSchema,
  exchangeInputSchema,
  IDEMPOTENCY_KEY_HEADER,
  mallSchema,
  placeClaimsTodaySchema,
  placeLookupSchema,
  placeParamsSchema,
  redeemInputSchema,
  redeemResultSchema,
  voucherListSchema,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import { CAMPAIGN_ROLES, SCAN_ROLES, type BenefitsService } from './benefits.service';

const errors = errorResponses();
const claimErrors = errorResponses(400, 401, 403, 404, 409, 422, 429, 503);

export const benefitsRoutes: FastifyPluginAsyncZod<{ benefits: BenefitsService }> = async (app, { benefits }) => {
  app.get(
    '/benefits',
    { onRequest: app.authenticate, schema: { tags: ['benefits'], summary: '我可领取的福利', response: { 200: benefitListSchema, ...errors } } },
    async (request) => ({ items: await benefits.listForMember(request.accountId) }),
  );

  app.post(
    '/benefits/scan',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['benefits'],
        summary: '扫地点码：该地点可领取的福利',
        body: z.strictObject({ placeToken: claimInputSchema.shape.placeToken }),
        response: { 200: placeLookupSchema, ...errors },
      },
    },
    async (request) => benefits.atPlace(request.accountId, request.body.placeToken),
  );

  app.post(
    '/benefits/:id/claims',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['benefits'],
        summary: '领取福利（需 Idempotency-Key 请求头；同一 key 同一内容重放同一结果）',
        params: benefitIdParamSchema,
        headers: z.object({ [IDEMPOTENCY_KEY_HEADER]: z.string().optional() }),
        body: claimInputSchema,
        response: { 201: claimSchema, ...claimErrors },
      },
    },
    async (request, reply) => {
      const raw = request.headers[IDEMPOTENCY_KEY_HEADER];
      const key = Array.isArray(raw) ? raw.join(',') : raw;
      const { claim, replayed } = await benefits.claim(request.accountId, request.params.id, request.body, key);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(claim);
    },
  );

  app.get(
    '/benefits/mall',
    {
      onRequest: app.authenticate,
      schema: { tags: ['benefits'], summary: '积分商城：可用积分兑换的券和我的积分', response: { 200: mallSchema, ...errors } },
    },
    async (request) => benefits.mall(request.accountId),
  );

  app.post(
    '/benefits/:id/exchange',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['benefits'],
        summary: '用积分兑换（价格由活动决定；需 Idempotency-Key 请求头，同一 key 重放同一结果、不重复扣分）',
        params: benefitIdParamSchema,
        headers: z.object({ [IDEMPOTENCY_KEY_HEADER]: z.string().optional() }),
        body: exchangeInputSchema.nullish(),
        response: { 201: claimSchema, ...claimErrors },
      },
    },
    async (request, reply) => {
      const raw = request.headers[IDEMPOTENCY_KEY_HEADER];
      const key = Array.isArray(raw) ? raw.join(',') : raw;
      const { claim, replayed } = await benefits.exchange(request.accountId, request.params.id, key);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(claim);
    },
  );

  app.get(
    '/benefits/claims/mine',
    { onRequest: app.authenticate, schema: { tags: ['benefits'], summary: '我的领取', response: { 200: claimListSchema, ...errors } } },
    async (request) => ({ items: await benefits.myClaims(request.accountId) }),
  );

  app.get(
    '/vouchers/mine',
    {
      onRequest: app.authenticate,
      schema: { tags: ['benefits'], summary: '我的券（未核销的带有一分钟内有效的券码）', response: { 200: voucherListSchema, ...errors } },
    },
    async (request) => ({ items: await benefits.myVouchers(request.accountId) }),
  );

  app.post(
    '/staff/vouchers/redeem',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SCAN_ROLES },
      schema: { tags: ['staff'], summary: '扫码核销会员的券（只能核销一次）', body: redeemInputSchema, response: { 200: redeemResultSchema, ...errors } },
    },
    async (request) => benefits.redeem(request.accountId, request.body.code),
  );

  app.post(
    '/merchant/vouchers/redeem',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['merchants'],
        summary: '普惠商户店员扫码核销会员的券（仅限活动指定本店的券，只能核销一次）',
        body: redeemInputSchema,
        response: { 200: redeemResultSchema, ...errors },
      },
    },
    async (request) => benefits.redeemAtMerchant(request.accountId, request.body.code),
  );

  app.get(
    '/staff/places/:kind/:id/claims/today',
    {
      onRequest: app.authenticate,
      config: { staffRoles: SCAN_ROLES },
      schema: { tags: ['staff'], summary: '本地点今日领取', params: placeParamsSchema, response: { 200: placeClaimsTodaySchema, ...errors } },
    },
    async (request) => benefits.todayAtPlace(request.accountId, request.params.kind, request.params.id),
  );

  app.post(
    '/admin/benefits',
    {
      onRequest: app.authenticate,
      config: { staffRoles: CAMPAIGN_ROLES },
      schema: { tags: ['admin'], summary: '创建福利活动', body: campaignInputSchema, response: { 201: campaignDrainSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await benefits.create(request.accountId, request.body)),
  );

  app.get(
    '/admin/benefits',
    {
      onRequest: app.authenticate,
      config: { staffRoles: CAMPAIGN_ROLES },
      schema: { tags: ['admin'], summary: '我管理的福利活动', response: { 200: campaignDrainListSchema, ...errors } },
    },
    async (request) => ({ items: await benefits.listForStaff(request.accountId) }),
  );

  app.patch(
    '/admin/benefits/:id',
    {
      onRequest: app.authenticate,
      config: { staffRoles: CAMPAIGN_ROLES },
      schema: {
        tags: ['admin'],
        summary: '修改福利活动（名称、说明、结束时间、总数量；总数量不能少于已领取的数量）',
        params: benefitIdParamSchema,
        body: campaignUpdateSchema,
        response: { 200: campaignDrainSchema, ...errors },
      },
    },
    async (request) => benefits.update(request.accountId, request.params.id, request.body),
  );

  app.post(
    '/admin/benefits/:id/close',
    {
      onRequest: app.authenticate,
      config: { staffRoles: CAMPAIGN_ROLES },
      schema: {
        tags: ['admin'],
        summary: '提前结束福利活动（重复提交不变）；消费券活动可选已领的券继续有效至原有效期（keep，默认）或同时作废（void）',
        params: benefitIdParamSchema,
        body: campaignCloseSchema.nullish(),
        response: { 200: campaignDrainSchema, ...errors },
      },
    },
    async (request) => benefits.close(request.accountId, request.params.id, request.body ?? { vouchers: 'keep' }),
  );

  app.get(
    '/admin/benefits/:id',
    {
      onRequest: app.authenticate,
      config: { staffRoles: CAMPAIGN_ROLES },
      schema: { tags: ['admin'], summary: '福利活动领取进度', params: benefitIdParamSchema, response: { 200: campaignDrainSchema, ...errors } },
    },
    async (request) => benefits.drainView(request.accountId, request.params.id),
  );
};
