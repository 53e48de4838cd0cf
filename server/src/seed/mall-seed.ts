import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { staffGrants } from '../modules/access';
import { insertCampaign } from '../modules/benefits';
import { awardPoints, courses, issueCertificate, learningTests, lessonProgress, lessons, questions, testAttempts } from '../modules/learning';
import { memberStanding } from '../modules/members';
import { merchants } from '../modules/merchants';
import { findOrgById, orgs } from '../modules/orgs';

/**
 * 积分商城 items: what 江门's 技能提升培训积分平台 lets workers do with the points a course earns, as vouchers at the
 * shops the unions signed (普惠商户). Drivers wash their trucks at the freight routes' car washes, riders eat at the
 * riders' canteens (and at the demo clerk's noodle shop, so the clerk can redeem one), couriers get their phones fixed.
 */
const MALL: { title: string; description: string; value: number; price: number; quota: number; period: 'once' | 'weekly'; shops: string[] }[] = [
  {
    title: '骑手餐券 10元',
    description: '用学习积分兑换，每周可兑换一次，在骑手食堂和指定餐馆消费时减免 10 元，限本人使用',
    value: 10,
    price: 10,
    quota: 2_000,
    period: 'weekly',
    shops: ['八里庄骑手食堂', '中关村骑手快餐', '新街口老北京炸酱面'],
  },
  {
    title: '大车洗车券 20元',
    description: '用学习积分兑换，在货运线路的大车洗车场洗车时减免 20 元，限本人使用',
    value: 20,
    price: 20,
    quota: 500,
    period: 'once',
    shops: ['天竺大车洗车场', '旧宫大车洗车场'],
  },
  {
    title: '手机维修券 50元',
    description: '用学习积分兑换，在指定手机维修店维修、贴膜时减免 50 元，限本人使用',
    value: 50,
    price: 50,
    quota: 300,
    period: 'once',
    shops: ['新街口手机快修', '八里庄手机维修店', '中关村手机维修中心'],
  },
];

/** The city union's 积分商城, open to every member in Beijing for 90 days. */
export async function seedPointsMall(db: Database) {
  const now = Date.now();
  const [bj] = await db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(eq(orgs.code, 'bj'));
  const [staff] = await db.select({ id: staffGrants.accountId }).from(staffGrants).where(eq(staffGrants.orgId, bj!.id)).limit(1);
  for (const item of MALL) {
    const shops = await db
      .select({ placeId: merchants.id, name: merchants.name, lat: merchants.lat, lng: merchants.lng })
      .from(merchants)
      .where(and(inArray(merchants.name, item.shops), eq(merchants.active, true)))
      .orderBy(asc(merchants.name));
    await insertCampaign(
      db,
      {
        orgId: bj!.id,
        title: item.title,
        description: item.description,
        kind: 'voucher',
        voucherValue: item.value,
        voucherUses: 1,
        pointsPrice: item.price,
        quota: item.quota,
        period: item.period,
        startsAt: new Date(now - 86_400_000),
        endsAt: new Date(now + 90 * 86_400_000),
        eligibleOrgId: bj!.id,
        eligiblePath: bj!.path,
        requiresRotatingCode: false,
        createdBy: staff!.id,
      },
      shops.map((m) => ({ kind: 'merchant' as const, ...m })),
    );
  }
}

/**
 * The demo member's learning so far (王建国): three days ago he passed 劳动法律知识测试 (10 points and its certificate)
 * and read two lessons of 劳动者权益十讲, yesterday one of 职工急救常识 (5 points each, no course finished): 25 points,
 * enough for one 20-point voucher in the 积分商城 and not for the 50-point one.
 */
export async function seedDemoLearner(db: Database, accountId: string) {
  const day = 86_400_000;
  const threeDaysAgo = new Date(Date.now() - 3 * day);
  const yesterday = new Date(Date.now() - day);
  const [test] = await db.select().from(learningTests).where(eq(learningTests.title, '劳动法律知识测试'));
  const drawn = await db
    .select({ id: questions.id, answer: questions.answer, options: questions.options })
    .from(questions)
    .where(eq(questions.bankId, test!.bankId))
    .orderBy(asc(questions.position))
    .limit(test!.questionCount);
  const graded = new Date(threeDaysAgo.getTime() + 4 * 60_000);
  await db.insert(testAttempts).values({
    testId: test!.id,
    accountId,
    seed: 20260521,
    questionIds: drawn.map((q) => q.id),
    optionOrders: drawn.map((q) => q.options.map((_, i) => i)),
    startedAt: threeDaysAgo,
    deadlineAt: new Date(threeDaysAgo.getTime() + test!.timeLimitSeconds * 1000),
    answers: drawn.map((q) => q.answer),
    correctCount: drawn.length,
    score: 100,
    passed: true,
    timedOut: false,
    pointsEarned: 10,
    gradedAt: graded,
  });
  await awardPoints(db, { accountId, rule: 'test_passed', sourceType: 'test', sourceId: test!.id, label: test!.title }, graded);
  await issueCertificate(
    db,
    { memberStanding, findOrg: findOrgById },
    { accountId, source: 'test', sourceId: test!.id, title: test!.title, orgId: test!.orgId, score: 100 },
    graded,
  );
  const read = [
    { course: '劳动者权益十讲', kinds: ['text', 'pdf'], at: new Date(threeDaysAgo.getTime() + 3_600_000) },
    { course: '职工急救常识', kinds: ['text'], at: yesterday },
  ];
  for (const r of read) {
    const done = await db
      .select({ id: lessons.id, title: lessons.title })
      .from(lessons)
      .innerJoin(courses, eq(courses.id, lessons.courseId))
      .where(and(eq(courses.title, r.course), inArray(lessons.kind, r.kinds as ('text' | 'pdf')[])))
      .orderBy(asc(lessons.position));
    for (const lesson of done) {
      await db.insert(lessonProgress).values({ accountId, lessonId: lesson.id, openedAt: new Date(r.at.getTime() - 120_000), completedAt: r.at });
      await awardPoints(db, { accountId, rule: 'lesson_completed', sourceType: 'lesson', sourceId: lesson.id, label: lesson.title }, r.at);
    }
  }
}
