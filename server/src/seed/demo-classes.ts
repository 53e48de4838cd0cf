import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { dayjs, SERVICE_TZ } from '../lib/dates';
import { classes, lessons } from '../modules/learning';
import { insertService, insertSlots } from '../modules/services';

interface DemoClass {
  title: string;
  description: string;
  address: string;
  capacity: number;
  /** The demo lesson it teaches (by title, from learning-seed). */
  lesson: string;
  liveUrl: string | null;
  /** Sessions: days from today (Beijing) and the Beijing times. */
  days: number[] | 'wednesdays';
  times: [string, string];
}

/**
 * Classes after the seed reports: 莱阳's 周三夜校 (a class every Wednesday evening, the departments taking turns, a test
 * on Friday set by the one that taught: here the lesson's quiz) and 嘉善's 善法云课堂 (broadcast twice a month, the link
 * opens from the class; watching together at the service centre and checking in earns the points).
 */
export const DEMO_CLASSES: DemoClass[] = [
  {
    title: '周三夜校·劳动法律和工会业务',
    description:
      '每周三晚上一课，市总工会各部室轮流主办，讲劳动合同、工资支付和工会业务。谁主办谁出题：周五下午在“学习”里参加测试，检验学习成果。到场签到可得学习积分。',
    address: '北京市西城区复兴门外大街甲56号 北京市职工服务中心三层报告厅',
    capacity: 60,
    lesson: '入职要签劳动合同',
    liveUrl: null,
    days: 'wednesdays',
    times: ['19:00', '20:30'],
  },
  {
    title: '善法云课堂·劳动合同与工伤维权',
    description: '每月两期网上直播，律师讲解职工用得上的法律知识，可在线收看，也可到职工服务中心放映室一起观看并签到领取学习积分。',
    address: '线上直播；集中收看：北京市西城区复兴门外大街甲56号 北京市职工服务中心一层放映室',
    capacity: 200,
    lesson: '《劳动合同法》要点（PDF）',
    liveUrl: 'https://live.example.org/union/shanfa-yunketang',
    days: [3, 17],
    times: ['19:30', '20:30'],
  },
];

/** The demo classes of the city union, for every member in Beijing: services of kind 技能培训 with their sessions. */
export async function seedDemoClasses(tx: Database, orgId: string, staffAccountId: string, now: Date) {
  const today = dayjs(now).tz(SERVICE_TZ);
  for (const c of DEMO_CLASSES) {
    const { id } = await insertService(tx, {
      kind: 'course',
      orgId,
      title: c.title,
      description: c.description,
      address: c.address,
      eligibleOrgId: orgId,
      cancelCutoffMinutes: 60,
      noShowLimit: 3,
    });
    const days = c.days === 'wednesdays' ? Array.from({ length: 28 }, (_, d) => d + 1).filter((d) => today.add(d, 'day').day() === 3) : c.days;
    await insertSlots(
      tx,
      days.map((d) => {
        const date = today.add(d, 'day').format('YYYY-MM-DD');
        return {
          serviceId: id,
          startsAt: dayjs.tz(`${date} ${c.times[0]}`, SERVICE_TZ).toDate(),
          endsAt: dayjs.tz(`${date} ${c.times[1]}`, SERVICE_TZ).toDate(),
          capacity: c.capacity,
        };
      }),
    );
    const [lesson] = await tx.select({ id: lessons.id }).from(lessons).where(eq(lessons.title, c.lesson));
    await tx.insert(classes).values({ serviceId: id, lessonId: lesson?.id ?? null, liveUrl: c.liveUrl, updatedBy: staffAccountId });
  }
}
