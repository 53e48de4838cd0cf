import { asc, eq } from 'drizzle-orm';
import { idCheckChar } from '@union/shared';
import type { Database } from '../db/client';
import type { FieldCrypto } from '../lib/crypto';
import { accounts } from '../modules/auth';
import { insertContest, insertTest, questionBanks, questions, testAttempts } from '../modules/learning';
import { memberships } from '../modules/members';

/**
 * Contests as the 普法 quizzes members know run them (three tries a day, best of, places paid in points): the city
 * union's 劳动法知识竞赛, open this week, and a 骑手交通安全知识竞赛 that closed yesterday, whose ranking members can
 * read. Contestants in unions across the city took part already (their attempts are graded through the grading
 * trigger, as a member's would be); 周志刚 answered in seconds and waits for staff review in the open one.
 */
export const DEMO_CONTESTANTS: { name: string; gender: 'male' | 'female'; org: string }[] = [
  { name: '张建华', gender: 'male', org: 'xsb' },
  { name: '刘海燕', gender: 'female', org: 'sfxc' },
  { name: '陈志强', gender: 'male', org: 'blz' },
  { name: '杨丽娟', gender: 'female', org: 'jdcy' },
  { name: '赵国栋', gender: 'male', org: 'zgc' },
  { name: '孙秀梅', gender: 'female', org: 'dhm' },
  { name: '周志刚', gender: 'male', org: 'kdhy' },
  { name: '吴小龙', gender: 'male', org: 'wyps' },
];

/** Per contest, each contestant's tries: [questions right of 5, seconds taken]. */
const CONTESTS: { title: string; bank: string; days: [number, number]; tries: [number, number][][] }[] = [
  {
    title: '劳动法知识竞赛',
    bank: '劳动法律知识题库',
    days: [-2, 5],
    tries: [
      [
        [5, 95],
        [4, 80],
      ],
      [[5, 120]],
      [
        [4, 70],
        [5, 150],
      ],
      [[3, 200]],
      [[4, 88]],
      [
        [2, 240],
        [3, 180],
      ],
      [[5, 3]],
      [[4, 105]],
    ],
  },
  {
    title: '骑手交通安全知识竞赛',
    bank: '骑手交通安全题库',
    days: [-8, -1],
    tries: [
      [[4, 130]],
      [[5, 160]],
      [[3, 90]],
      [],
      [
        [5, 110],
        [4, 60],
      ],
      [],
      [[4, 150]],
      [[5, 98]],
    ],
  },
];

export async function seedContests(
  db: Database,
  crypto: FieldCrypto,
  unions: Map<string, { id: string; path: string }>,
  staffAccountId: string,
): Promise<void> {
  const bj = unions.get('bj')!;
  const people: string[] = [];
  for (const [i, c] of DEMO_CONTESTANTS.entries()) {
    const [account] = await db.insert(accounts).values({}).returning({ id: accounts.id });
    const first17 = `110102198801${10 + i}${500 + i}`;
    const idNumber = first17 + idCheckChar(first17);
    await db.insert(memberships).values({
      memberNo: `D${String(i + 1).padStart(6, '0')}`,
      personIdHash: crypto.blindIndex('id', idNumber),
      accountId: account!.id,
      orgId: unions.get(c.org)!.id,
      name: c.name,
      gender: c.gender,
      idEnc: crypto.encrypt(idNumber),
      phoneEnc: crypto.encrypt(`1370000${String(i + 1).padStart(4, '0')}`),
      joinedAt: new Date(Date.now() - 60 * 86_400_000),
    });
    people.push(account!.id);
  }

  const now = Date.now();
  for (const contest of CONTESTS) {
    const [bank] = await db.select({ id: questionBanks.id }).from(questionBanks).where(eq(questionBanks.title, contest.bank));
    const drawn = await db.select().from(questions).where(eq(questions.bankId, bank!.id)).orderBy(asc(questions.position)).limit(5);
    const opensAt = new Date(now + contest.days[0] * 86_400_000);
    const closesAt = new Date(now + contest.days[1] * 86_400_000);
    const { id } = await insertTest(db, {
      orgId: bj.id,
      orgPath: bj.path,
      bankId: bank!.id,
      title: contest.title,
      questionCount: 5,
      timeLimitSeconds: 600,
      passPercent: 101,
      maxAttempts: 3 * (contest.days[1] - contest.days[0] + 1),
      reviewOpens: 'closed',
      opensAt,
      closesAt,
      createdBy: staffAccountId,
    });
    await insertContest(db, { testId: id, triesPerDay: 3, prizePlaces: 3, createdBy: staffAccountId });
    for (const [p, tries] of contest.tries.entries()) {
      for (const [k, [right, seconds]] of tries.entries()) {
        const startedAt = new Date(opensAt.getTime() + (p + 1) * 3_600_000 + k * 86_400_000);
        const [attempt] = await db
          .insert(testAttempts)
          .values({
            testId: id,
            accountId: people[p]!,
            seed: 0,
            questionIds: drawn.map((q) => q.id),
            optionOrders: drawn.map((q) => q.options.map((_, o) => o)),
            startedAt,
            deadlineAt: new Date(startedAt.getTime() + 600_000),
          })
          .returning({ id: testAttempts.id });
        // Graded as the server grades: this update fires the trigger that keeps the ranking.
        await db
          .update(testAttempts)
          .set({
            answers: drawn.map((q, j) => (j < right ? q.answer : [])),
            correctCount: right,
            score: right * 20,
            passed: false,
            timedOut: false,
            pointsEarned: 0,
            gradedAt: new Date(startedAt.getTime() + seconds * 1000),
          })
          .where(eq(testAttempts.id, attempt!.id));
      }
    }
  }
}
