import type { LimitPeriod, PromotionMode, ServiceKind } from '@union/shared';
import type { Database } from '../db/client';
import { dayjs, SERVICE_TZ } from '../lib/dates';
import { insertService, insertSlots } from '../modules/services';

interface DemoService {
  kind: ServiceKind;
  org: string;
  eligible?: string;
  title: string;
  description: string;
  address: string;
  /** ISO weekdays (1 = Monday) and Beijing times of the weekly schedule over the next two weeks. */
  weekdays: number[];
  times: [string, string][];
  capacity: number;
  limit?: { count: number; period: LimitPeriod };
  allowOverlap?: boolean;
  cancelCutoffMinutes?: number;
  promotion?: PromotionMode;
  offerHoldMinutes?: number;
}

/**
 * What Beijing's unions offer, after the seed reports: lawyers at the street union's service
 * station (建外街道 "五企包一站", 朝阳区总工会's legal-aid lawyers), 心灵驿站 counselling, the
 * 职工学堂 and night classes, sanatorium trips with a yearly quota, childcare for workers' children.
 */
export const DEMO_SERVICES: DemoService[] = [
  {
    kind: 'legal_aid',
    org: 'xjk',
    title: '劳动争议免费法律咨询',
    description: '执业律师一对一解答拖欠工资、工伤认定、劳动合同和社保问题，每次30分钟。请带上劳动合同、工资记录等材料。',
    address: '北京市西城区新街口外大街甲14号 街道职工服务中心一层',
    weekdays: [2, 4],
    times: [
      ['14:00', '14:30'],
      ['14:30', '15:00'],
      ['15:00', '15:30'],
      ['15:30', '16:00'],
    ],
    capacity: 1,
    cancelCutoffMinutes: 120,
  },
  {
    kind: 'legal_aid',
    org: 'cy',
    title: '新就业群体法律服务站·律师值班',
    description: '“五企包一站”伙伴律师团队驻站，为快递员、外卖骑手提供劳务纠纷、交通事故、家庭纠纷等免费法律咨询。',
    address: '北京市朝阳区建国门外大街 建外街道工会服务站',
    weekdays: [3, 6],
    times: [
      ['10:00', '10:30'],
      ['10:30', '11:00'],
      ['11:00', '11:30'],
    ],
    capacity: 1,
  },
  {
    kind: 'counselling',
    org: 'xc',
    title: '心灵驿站·一对一心理咨询',
    description: '专业心理咨询师面对面倾听，缓解工作压力、情绪困扰和家庭矛盾。两位咨询师同时接待，内容严格保密。',
    address: '北京市西城区二龙路27号 西城区职工服务中心三层心灵驿站',
    weekdays: [1, 3, 5],
    times: [
      ['18:30', '19:20'],
      ['19:30', '20:20'],
    ],
    capacity: 1,
    allowOverlap: true,
    promotion: 'offer',
    offerHoldMinutes: 30,
  },
  {
    kind: 'course',
    org: 'bj',
    title: '职工学堂·育婴员（五级）培训班',
    description: '面向家政服务员的育婴员职业技能培训，专家授课加现场实操，结业可参加育婴员资格考试，计入技能提升积分。',
    address: '北京市西城区复兴门外大街甲56号 北京市职工服务中心培训教室',
    weekdays: [6],
    times: [['09:00', '11:30']],
    capacity: 30,
    cancelCutoffMinutes: 1440,
  },
  {
    kind: 'course',
    org: 'kdhy',
    title: '快递员夜校·电动车安全驾驶与日常维修',
    description: '交警和维修师傅讲解电动自行车安全驾驶、电池安全和常见故障处理，课后现场实操。',
    address: '北京市丰台区南四环西路 快递行业工会联合会职工之家',
    weekdays: [3],
    times: [['19:00', '20:30']],
    capacity: 40,
  },
  {
    kind: 'sanatorium',
    org: 'bj',
    title: '一线职工疗休养（北戴河，5天4晚）',
    description: '市总工会组织一线职工疗休养，含往返交通、住宿和健康体检。每人每年限一次，报名后由所在工会确认。',
    address: '河北省秦皇岛市北戴河区 北京市总工会北戴河疗养院（西直门集合）',
    weekdays: [1],
    times: [['07:30', '08:30']],
    capacity: 20,
    limit: { count: 1, period: 'year' },
    cancelCutoffMinutes: 3 * 1440,
    promotion: 'offer',
    offerHoldMinutes: 240,
  },
  {
    kind: 'childcare',
    org: 'xc',
    title: '职工子女爱心托管班',
    description: '为双职工和新就业群体子女提供课后看护、作业辅导和兴趣活动，6至12岁，名额有限。',
    address: '北京市西城区新街口街道西四北社区活动中心',
    weekdays: [1, 2, 3, 4, 5],
    times: [['16:00', '18:30']],
    capacity: 25,
    limit: { count: 5, period: 'week' },
  },
  {
    kind: 'event',
    org: 'blz',
    title: '快递小哥趣味运动会',
    description: '拔河、跳绳、定点投篮，赛后发放纪念品和防寒礼包。欢迎带家人参加。',
    address: '北京市朝阳区八里庄街道甘露园南里 社区体育场',
    weekdays: [7],
    times: [['14:00', '16:30']],
    capacity: 80,
  },
];

/** The demo services, each with slots from its weekly schedule over the two weeks after `now`. */
export async function seedDemoServices(tx: Database, orgIds: Map<string, { id: string }>, now: Date) {
  const today = dayjs(now).tz(SERVICE_TZ);
  for (const s of DEMO_SERVICES) {
    const orgId = orgIds.get(s.org)!.id;
    const { id } = await insertService(tx, {
      kind: s.kind,
      orgId,
      title: s.title,
      description: s.description,
      address: s.address,
      eligibleOrgId: orgIds.get(s.eligible ?? s.org)!.id,
      limitCount: s.limit?.count ?? null,
      limitPeriod: s.limit?.period ?? null,
      allowOverlap: s.allowOverlap ?? false,
      cancelCutoffMinutes: s.cancelCutoffMinutes ?? 120,
      promotion: s.promotion ?? 'direct',
      offerHoldMinutes: s.offerHoldMinutes ?? 30,
      noShowLimit: 3,
    });
    const slots: { serviceId: string; startsAt: Date; endsAt: Date; capacity: number }[] = [];
    for (let d = 1; d <= 14; d++) {
      const day = today.add(d, 'day');
      const iso = day.day() === 0 ? 7 : day.day();
      if (!s.weekdays.includes(iso)) continue;
      for (const [start, end] of s.times) {
        const date = day.format('YYYY-MM-DD');
        slots.push({
          serviceId: id,
          startsAt: dayjs.tz(`${date} ${start}`, SERVICE_TZ).toDate(),
          endsAt: dayjs.tz(`${date} ${end}`, SERVICE_TZ).toDate(),
          capacity: s.capacity,
        });
      }
    }
    if (slots.length) await insertSlots(tx, slots);
  }
}
