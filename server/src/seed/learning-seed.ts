import type { Database } from '../db/client';
import type { CourseInput } from '@union/shared';
import { insertBank, insertCourse, insertLessons, insertQuestions, insertTest, readQuestionCsv } from '../modules/learning';

/**
 * Question banks as a union's cadres would type them into Excel (the import's own format), on what workers on the
 * road ask about: labour law (劳动合同法, 工伤保险条例), traffic safety for delivery riders, and first aid.
 */
const BANKS: { title: string; test: string; csv: string }[] = [
  {
    title: '劳动法律知识题库',
    test: '劳动法律知识测试',
    csv: `题型,题目,选项A,选项B,选项C,选项D,答案,解析
单选,用人单位自用工之日起超过多长时间不与劳动者订立书面劳动合同，应当向劳动者每月支付二倍的工资？,一个月,三个月,六个月,一年,A,《劳动合同法》第八十二条：超过一个月不满一年未订立书面劳动合同的，应当每月支付二倍工资。
单选,劳动合同期限三个月以上不满一年的，试用期不得超过多长时间？,一个月,两个月,三个月,六个月,A,《劳动合同法》第十九条。
判断,同一用人单位与同一劳动者只能约定一次试用期。,,,,,对,《劳动合同法》第十九条第二款。
多选,下列哪些情形应当认定为工伤？,在工作时间和工作场所内因工作原因受到事故伤害,上下班途中受到非本人主要责任的交通事故伤害,工作时间前后在工作场所内从事与工作有关的预备性工作受到事故伤害,下班后醉酒驾车受伤,ABC,《工伤保险条例》第十四条；醉酒导致伤亡的不认定为工伤（第十六条）。
单选,发生工伤后，用人单位应当自事故伤害发生之日起多少日内提出工伤认定申请？,15日,30日,60日,1年,B,《工伤保险条例》第十七条：用人单位应在30日内提出；用人单位未提出的，职工或其近亲属可在1年内提出。
判断,用人单位可以扣押劳动者的身份证作为担保。,,,,,错,《劳动合同法》第九条：不得扣押劳动者的居民身份证和其他证件。
单选,劳动争议申请仲裁的时效期间为多长？,六个月,一年,两年,三年,B,《劳动争议调解仲裁法》第二十七条：仲裁时效期间为一年。
多选,被拖欠工资时，劳动者可以通过哪些途径维权？,向劳动保障监察机构投诉,申请劳动争议仲裁,向工会求助,自行扣押单位财物,ABC,依法维权：投诉、仲裁、工会法律援助；不能采取违法手段。
判断,劳动者加入工会是法律赋予的权利，任何组织和个人不得阻挠和限制。,,,,,对,《工会法》第三条。
单选,法定节假日安排劳动者工作的，应支付不低于工资的百分之多少的工资报酬？,150%,200%,300%,400%,C,《劳动法》第四十四条。`,
  },
  {
    title: '骑手交通安全题库',
    test: '外卖骑手交通安全测试',
    csv: `题型,题目,选项A,选项B,选项C,选项D,答案,解析
单选,驾驶电动自行车在非机动车道内行驶时，最高时速不得超过多少？,15公里,25公里,35公里,40公里,A,《道路交通安全法实施条例》第七十一条：电动自行车在非机动车道内行驶，最高时速不得超过15公里。
判断,骑电动自行车可以在机动车道内逆行送餐以节省时间。,,,,,错,逆行是外卖骑手事故的主要原因之一，任何时候都不能逆行。
判断,驾驶电动自行车应当佩戴安全头盔。,,,,,对,多地法规要求电动自行车驾乘人员佩戴安全头盔，头盔可大幅降低颅脑损伤。
多选,下列哪些行为属于骑行中的危险行为？,边骑车边看手机接单,闯红灯,在人行道上高速骑行,在非机动车道内靠右行驶,ABC,看手机、闯红灯、占用人行道都极易引发事故。
单选,电动自行车电池充电时，下列做法正确的是？,在楼道里充电,把电池拿回家在卧室充电,到集中充电桩充电,充电一整夜不拔,C,电动自行车火灾多发生在楼道和室内充电时，应到集中充电场所充电。
单选,在路口遇到黄灯持续闪烁时，应当怎样通过？,加速通过,确认安全后通过,停车等待变成绿灯,鸣喇叭后直接通过,B,《道路交通安全法实施条例》第四十二条：闪光警告信号灯持续闪烁时，应当在确认安全后通过。
多选,雨天送餐骑行，应当注意哪些事项？,降低车速,增加与前车的距离,穿反光雨衣,打伞单手骑行,ABC,雨天路滑、视线差，应减速、加大车距、穿醒目的雨衣，不能打伞骑行。
判断,电动自行车可以搭载一名16周岁以上的成年人。,,,,,错,北京等地规定电动自行车只可搭载一名12周岁以下的未成年人（以当地法规为准）。
单选,转弯时应当怎样做？,提前减速、观察并示意,加速抢在机动车前转过去,突然猛拐,不看后方直接转,A,转弯前减速、观察后方来车并伸手示意。`,
  },
  {
    title: '急救常识题库',
    test: '职工急救常识测试',
    csv: `题型,题目,选项A,选项B,选项C,选项D,答案,解析
单选,成人心肺复苏时，胸外按压的频率应为每分钟多少次？,60-80次,80-100次,100-120次,120-150次,C,《中国心肺复苏专家共识》：按压频率100-120次/分。
单选,成人胸外按压的深度应为多少？,2-3厘米,5-6厘米,8-10厘米,越深越好,B,按压深度5-6厘米，每次按压后让胸廓充分回弹。
判断,发现有人倒地，应先确认周围环境安全再施救。,,,,,对,急救第一步：确认现场环境安全，保护自己和伤员。
多选,发现有人心脏骤停，正确的做法有？,立即拨打120,尽快取来AED,立即开始胸外按压,先喂水看能否清醒,ABC,呼救、取AED、立即按压；不能给意识不清的人喂水。
单选,被热油烫伤后，应首先怎样处理？,涂牙膏,用流动的凉水冲洗15-30分钟,涂酱油,立即挑破水泡,B,烫伤后立即用流动的凉水冲洗降温，不要涂牙膏、酱油，不要挑破水泡。
判断,中暑的人应尽快转移到阴凉通风处，并用凉水擦拭身体降温。,,,,,对,户外劳动者夏季易中暑：转移、降温、补充淡盐水，重者送医。
单选,有人被异物卡住喉咙、不能说话咳嗽时，应使用什么方法急救？,拍打胸口,喝水往下咽,海姆立克急救法,用手指去抠,C,海姆立克急救法：从背后环抱，在肚脐上方向内向上快速冲击。
多选,发生交通事故有人受伤时，下列做法正确的是？,拨打120和122,对出血伤口加压止血,怀疑脊柱受伤时不随意搬动,立即把伤者扶起来走动,ABC,怀疑骨折或脊柱损伤时随意搬动会加重伤情。`,
  },
];

/** Demo media: placeholders on example.org (the union's own video host goes here). */
const MEDIA = 'https://media.example.org/union-learning';

/** Short courses of a few lessons, the way 江都 takes them to the team before a shift. The last lesson links its test. */
const COURSES: (Omit<CourseInput, 'orgId'> & { quiz?: string })[] = [
  {
    title: '劳动者权益十讲',
    summary: '劳动合同、工资、工伤：新就业形态劳动者最常遇到的问题，每讲几分钟。',
    quiz: '劳动法律知识测试',
    lessons: [
      {
        title: '入职要签劳动合同',
        kind: 'text',
        body: '用人单位自用工之日起就应当与劳动者订立书面劳动合同。超过一个月不满一年未订立的，应当每月支付二倍工资。\n\n试用期：合同期限三个月以上不满一年的，试用期不得超过一个月；同一用人单位与同一劳动者只能约定一次试用期。\n\n不要把身份证原件交给单位“保管”：法律禁止扣押证件。',
      },
      { title: '受了工伤怎么办', kind: 'video', url: `${MEDIA}/work-injury.mp4`, durationSeconds: 300 },
      { title: '《劳动合同法》要点（PDF）', kind: 'pdf', url: `${MEDIA}/labour-contract-law.pdf` },
    ],
  },
  {
    title: '骑手交通安全课',
    summary: '面向外卖、快递骑手：限速、头盔、雨天骑行和电池充电。',
    audience: 'category',
    category: 'rider',
    quiz: '外卖骑手交通安全测试',
    lessons: [
      {
        title: '非机动车道限速15公里',
        kind: 'text',
        body: '电动自行车在非机动车道内行驶，最高时速不得超过15公里。赶时间逆行、闯红灯是骑手事故最主要的原因。\n\n送餐超时可以申诉，受伤的代价无法挽回。',
      },
      { title: '雨天骑行和头盔', kind: 'video', url: `${MEDIA}/rider-rain.mp4`, durationSeconds: 240 },
    ],
  },
  {
    title: '职工急救常识',
    summary: '心肺复苏、AED、中暑、烫伤和海姆立克急救法，关键时刻能救命。',
    quiz: '职工急救常识测试',
    lessons: [
      { title: '心肺复苏和AED', kind: 'video', url: `${MEDIA}/cpr-aed.mp4`, durationSeconds: 420 },
      {
        title: '户外中暑急救',
        kind: 'text',
        body: '转移到阴凉通风处，松开衣领，用凉水擦拭身体降温，清醒的可以喝淡盐水。出现意识不清、抽搐，立即拨打120。',
      },
    ],
  },
  {
    title: '工会干部业务讲堂：会员发展与服务',
    summary: '面向各级工会干部：摆摊入会、会员审核和服务阵地建设。',
    audience: 'cadres',
    lessons: [
      {
        title: '新就业形态劳动者入会',
        kind: 'text',
        body: '到快递站点、商圈和驿站摆摊，现场扫码入会；审核当天完成，会员卡当场发放。',
      },
    ],
  },
];

/** The city union's banks and a test from each, open to every member in Beijing for the next month. */
export async function seedLearning(db: Database, orgId: string, orgPath: string, staffAccountId: string) {
  const now = Date.now();
  const testIds = new Map<string, string>();
  for (const bank of BANKS) {
    const { rows, errors } = readQuestionCsv(bank.csv);
    if (errors.length > 0) throw new Error(`demo bank ${bank.title}: ${JSON.stringify(errors)}`);
    const { id: bankId } = await insertBank(db, { orgId, title: bank.title, createdBy: staffAccountId });
    await insertQuestions(
      db,
      rows.map((r, i) => ({ bankId, position: i, kind: r.kind, stem: r.stem, options: r.options, answer: r.answer, explanation: r.explanation })),
    );
    const test = await insertTest(db, {
      orgId,
      orgPath,
      bankId,
      title: bank.test,
      questionCount: 5,
      timeLimitSeconds: 600,
      passPercent: 60,
      maxAttempts: 3,
      opensAt: new Date(now - 86_400_000),
      closesAt: new Date(now + 30 * 86_400_000),
      createdBy: staffAccountId,
    });
    testIds.set(bank.test, test.id);
  }
  for (const course of COURSES) {
    const { id: courseId } = await insertCourse(db, {
      orgId,
      orgPath,
      title: course.title,
      summary: course.summary ?? '',
      audience: course.audience ?? 'members',
      category: course.category ?? null,
      createdBy: staffAccountId,
    });
    await insertLessons(
      db,
      course.lessons.map((l, position) => ({
        courseId,
        position,
        title: l.title,
        kind: l.kind,
        body: l.body ?? null,
        url: l.url ?? null,
        durationSeconds: l.durationSeconds ?? null,
        quizTestId: course.quiz ? (testIds.get(course.quiz) ?? null) : null,
      })),
    );
  }
}
