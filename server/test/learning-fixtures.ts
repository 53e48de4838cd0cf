import { sql } from 'drizzle-orm';
import type { TestApp } from './helpers';

/** Eight questions in the import format: four single, two multiple, two true/false. */
export const SAMPLE_BANK_CSV = `题型,题目,选项A,选项B,选项C,选项D,答案,解析
单选,劳动合同期限三个月以上不满一年的，试用期最长多久？,一个月,两个月,三个月,六个月,A,劳动合同法第十九条
单选,劳动争议仲裁时效是多长？,六个月,一年,两年,三年,B,调解仲裁法第二十七条
单选,电动自行车在非机动车道内最高时速是多少？,15公里,25公里,35公里,,A,实施条例第七十一条
单选,胸外按压频率应为每分钟多少次？,60-80,80-100,100-120,120-150,C,心肺复苏共识
多选,哪些情形应认定为工伤？,工作时间在工作场所因工作受伤,上下班途中非本人主要责任的交通事故,下班后醉酒驾车受伤,,AB,工伤保险条例第十四条
多选,被拖欠工资可以怎样维权？,向劳动监察投诉,申请仲裁,找工会求助,扣押单位财物,ABC,依法维权
判断,用人单位可以扣押劳动者身份证。,,,,,错,劳动合同法第九条
判断,骑电动自行车应当佩戴头盔。,,,,,对,头盔可大幅降低颅脑损伤`;

/** Explanations of the sample bank: none of them may reach a member before the review opens. */
export const SAMPLE_EXPLANATIONS = ['劳动合同法第十九条', '调解仲裁法第二十七条', '实施条例第七十一条', '心肺复苏共识', '工伤保险条例第十四条'];

export async function orgIds(t: TestApp): Promise<Record<string, string>> {
  const rows = (await t.database.db.execute(sql`select code, id from orgs`)) as unknown as { rows: { code: string; id: string }[] };
  return Object.fromEntries(rows.rows.map((r) => [r.code, r.id]));
}

/** Imports the sample bank and sets a test from it; returns the ids. */
export async function sampleTest(
  t: TestApp,
  staff: Record<string, string>,
  orgId: string,
  options: Record<string, unknown> = {},
): Promise<{ bankId: string; testId: string }> {
  const imported = await t.app.inject({
    method: 'POST',
    url: '/api/v1/staff/learning/banks',
    headers: staff,
    payload: { orgId, title: '综合知识题库', csv: SAMPLE_BANK_CSV },
  });
  if (imported.statusCode !== 200 || !imported.json().bank) throw new Error(`import failed: ${imported.body}`);
  const bankId = imported.json().bank.id as string;
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/staff/learning/tests',
    headers: staff,
    payload: {
      orgId,
      bankId,
      title: '周五夜校测试',
      questionCount: 5,
      timeLimitMinutes: 10,
      opensAt: new Date(Date.now() - 3_600_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      ...options,
    },
  });
  if (created.statusCode !== 201) throw new Error(`test failed: ${created.body}`);
  return { bankId, testId: created.json().id as string };
}

/** The right answers of an attempt as the member would mark them: positions in the options shown. */
export async function rightAnswers(t: TestApp, attemptId: string): Promise<number[][]> {
  const rows = (await t.database.db.execute(sql`
    select a.option_orders, q.answer, k.i
    from test_attempts a, unnest(a.question_ids) with ordinality as k(qid, i) join questions q on q.id = k.qid
    where a.id = ${attemptId} order by k.i`)) as unknown as { rows: { option_orders: number[][]; answer: number[]; i: string }[] };
  return rows.rows.map((r) => {
    const order = r.option_orders[Number(r.i) - 1]!;
    return r.answer.map((p) => order.indexOf(p)).sort((a, b) => a - b);
  });
}
