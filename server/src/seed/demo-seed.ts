import { BANK_CONSENT_VERSION, PRIVACY_NOTICE_VERSION, type StaffRole } from '@union/shared';
import { maskCardNo } from '../adapters/bank/card-number';
import type { Database } from '../db/client';
import type { FieldCrypto } from '../lib/crypto';
import { insertGrant } from '../modules/access';
import { applications } from '../modules/applications';
import { upsertAccountByPhone } from '../modules/auth';
import { admit, insertServiceCard } from '../modules/members';
import { seedDemoClasses } from './demo-classes';
import { seedDemoMessages } from './demo-messages';
import { seedContests } from './contest-seed';
import { seedLearning } from './learning-seed';
import { seedDemoLearner, seedPointsMall } from './mall-seed';
import { seedDemoServices } from './demo-services';
import { DEMO_CLERK, DEMO_MERCHANTS, seedMerchants } from './merchants-seed';
import { stations, upsertStations } from '../modules/stations';
import { merchants } from '../modules/merchants';
import { demoStations, type UnionPicker } from './stations-seed';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { insertCampaign } from '../modules/benefits';
import { insertEvent } from '../modules/events';
import { staffGrants } from '../modules/access';
import { countOrgs, insertOrg, orgs } from '../modules/orgs';

type OrgSeed = Omit<typeof orgs.$inferInsert, 'id' | 'parentId' | 'path'> & { parent?: string };

/**
 * A realistic slice of Beijing: the city federation, four districts with their street unions
 * (the 兜底 unions that take in couriers and riders), a community union, enterprise unions
 * and the industry federations for couriers, delivery riders and freight drivers.
 */
export const DEMO_ORGS: OrgSeed[] = [
  {
    code: 'bj',
    name: '北京市总工会',
    kind: 'federation',
    regionCode: '110000',
    contactPhone: '010-68512345',
    officeHours: '1-5 09:00-17:30',
    address: '北京市西城区复兴门外大街甲56号',
    lat: 39.9066,
    lng: 116.3444,
  },
  {
    code: 'xc',
    parent: 'bj',
    name: '西城区总工会',
    kind: 'district',
    regionCode: '110102',
    contactPhone: '010-66176012',
    officeHours: '1-5 09:00-17:30',
    address: '北京市西城区二龙路27号',
    lat: 39.9126,
    lng: 116.3667,
  },
  {
    code: 'xjk',
    parent: 'xc',
    name: '西城区新街口街道总工会',
    kind: 'street',
    regionCode: '110102',
    acceptsUnaffiliated: true,
    contactPhone: '010-83259876',
    officeHours: '1-5 08:30-17:30',
    address: '北京市西城区新街口外大街甲14号',
    lat: 39.9436,
    lng: 116.3705,
  },
  {
    code: 'xsb',
    parent: 'xjk',
    name: '新街口街道西四北社区工会',
    kind: 'community',
    regionCode: '110102',
    contactPhone: '010-66183021',
    officeHours: '1-5 09:00-17:30',
    address: '北京市西城区西四北三条',
    lat: 39.9302,
    lng: 116.3702,
  },
  {
    code: 'sfxc',
    parent: 'xc',
    name: '顺丰速运北京西城分部工会',
    kind: 'enterprise',
    regionCode: '110102',
    contactPhone: '010-62015533',
    officeHours: '1-5 09:00-17:30',
    address: '北京市西城区德胜门外大街',
    lat: 39.9482,
    lng: 116.3791,
  },
  {
    code: 'cy',
    parent: 'bj',
    name: '朝阳区总工会',
    kind: 'district',
    regionCode: '110105',
    contactPhone: '010-85993210',
    officeHours: '1-5 09:00-17:30',
    address: '北京市朝阳区日坛北路17号',
    lat: 39.9185,
    lng: 116.4465,
  },
  {
    code: 'blz',
    parent: 'cy',
    name: '朝阳区八里庄街道总工会',
    kind: 'street',
    regionCode: '110105',
    acceptsUnaffiliated: true,
    contactPhone: '010-85763344',
    officeHours: '1-5 08:30-17:30',
    address: '北京市朝阳区甘露园南里',
    lat: 39.9206,
    lng: 116.4935,
  },
  {
    code: 'jdcy',
    parent: 'cy',
    name: '京东物流北京朝阳营业部工会',
    kind: 'enterprise',
    regionCode: '110105',
    contactPhone: '010-85392211',
    officeHours: '1-5 09:00-17:30',
    address: '北京市朝阳区青年路',
    lat: 39.9263,
    lng: 116.5152,
  },
  {
    code: 'hd',
    parent: 'bj',
    name: '海淀区总工会',
    kind: 'district',
    regionCode: '110108',
    contactPhone: '010-88493100',
    officeHours: '1-5 09:00-17:30',
    address: '北京市海淀区紫竹院路',
    lat: 39.9431,
    lng: 116.3103,
  },
  {
    code: 'zgc',
    parent: 'hd',
    name: '海淀区中关村街道总工会',
    kind: 'street',
    regionCode: '110108',
    acceptsUnaffiliated: true,
    contactPhone: '010-62551234',
    officeHours: '1-5 08:30-17:30',
    address: '北京市海淀区中关村南路',
    lat: 39.9834,
    lng: 116.3162,
  },
  {
    code: 'dc',
    parent: 'bj',
    name: '东城区总工会',
    kind: 'district',
    regionCode: '110101',
    contactPhone: '010-64051122',
    officeHours: '1-5 09:00-17:30',
    address: '北京市东城区东四北大街',
    lat: 39.9289,
    lng: 116.4167,
  },
  {
    code: 'dhm',
    parent: 'dc',
    name: '东城区东华门街道总工会',
    kind: 'street',
    regionCode: '110101',
    acceptsUnaffiliated: true,
    contactPhone: '010-65135566',
    officeHours: '1-5 08:30-17:30',
    address: '北京市东城区东华门大街',
    lat: 39.9139,
    lng: 116.4039,
  },
  {
    code: 'kdhy',
    parent: 'bj',
    name: '北京市快递行业工会联合会',
    kind: 'industry',
    regionCode: '110000',
    acceptsUnaffiliated: true,
    servesCategories: ['courier'],
    contactPhone: '010-83733366',
    officeHours: '1-6 09:00-18:00',
    address: '北京市丰台区南四环西路',
    lat: 39.8345,
    lng: 116.2866,
  },
  {
    code: 'wyps',
    parent: 'bj',
    name: '北京市网约配送员工会联合会',
    kind: 'industry',
    regionCode: '110000',
    acceptsUnaffiliated: true,
    servesCategories: ['rider', 'ride_hailing'],
    contactPhone: '010-64705588',
    officeHours: '1-6 09:00-18:00',
    address: '北京市朝阳区望京东路',
    lat: 39.9966,
    lng: 116.4802,
  },
  {
    code: 'hyhy',
    parent: 'bj',
    name: '北京市道路货运行业工会联合会',
    kind: 'industry',
    regionCode: '110000',
    acceptsUnaffiliated: true,
    servesCategories: ['truck'],
    contactPhone: '010-60293377',
    officeHours: '1-6 09:00-18:00',
    address: '北京市大兴区京开高速西红门',
    lat: 39.7878,
    lng: 116.3275,
  },
];

export interface DemoLogin {
  phone: string;
  who: string;
  grants: { org: string; role: StaffRole }[];
}

export const DEMO_LOGINS: DemoLogin[] = [
  { phone: '13800000000', who: '运营（北京市总工会）', grants: [{ org: 'bj', role: 'operator' }] },
  {
    phone: '13800000001',
    who: '新街口街道总工会 审核+管理',
    grants: [
      { org: 'xjk', role: 'reviewer' },
      { org: 'xjk', role: 'admin' },
    ],
  },
  {
    phone: '13800000002',
    who: '八里庄街道总工会 审核+管理',
    grants: [
      { org: 'blz', role: 'reviewer' },
      { org: 'blz', role: 'admin' },
    ],
  },
  { phone: '13800000003', who: '中关村街道总工会 审核', grants: [{ org: 'zgc', role: 'reviewer' }] },
  {
    phone: '13800000004',
    who: '快递行业工会联合会 审核+管理',
    grants: [
      { org: 'kdhy', role: 'reviewer' },
      { org: 'kdhy', role: 'admin' },
    ],
  },
  { phone: '13800000005', who: '新街口街道总工会 扫码核验', grants: [{ org: 'xjk', role: 'scanner' }] },
  { phone: '13800000006', who: '西城区总工会 审核（含下级）', grants: [{ org: 'xc', role: 'reviewer' }] },
  { phone: DEMO_CLERK.phone, who: '普惠商户店员（新街口老北京炸酱面，扫码验证会员）', grants: [] },
  { phone: '13900000001', who: '申请人（快递员，尚未入会）', grants: [] },
  { phone: '13900000002', who: '会员 王建国（顺丰快递员，已开互助服务卡）', grants: [] },
  { phone: '13900000003', who: '会员 李秀兰（家政服务员）', grants: [] },
];

/** A courier who joined at a Xinjiekou stall and already holds the bank card; a domestic worker who joined there too. */
const DEMO_MEMBERS = [
  {
    phone: '13900000002',
    name: '王建国',
    gender: 'male' as const,
    birthDate: '1988-05-17',
    idNumber: '110102198805170032',
    employer: '顺丰速运',
    category: 'courier' as const,
    org: 'xjk',
    cardNo: '6229990000000001231',
  },
  {
    phone: '13900000003',
    name: '李秀兰',
    gender: 'female' as const,
    birthDate: '1985-06-12',
    idNumber: '110102198506120465',
    employer: '家政服务',
    category: 'domestic' as const,
    org: 'xjk',
    cardNo: null,
  },
];

/** The member whose 消息 the demo fills (王建国). */
const DEMO_MESSAGES_PHONE = '13900000002';

/** Seeds the demo data once, through the modules' own functions; a database that already has unions is left alone. */
export async function seedDemo(db: Database, crypto: FieldCrypto): Promise<{ seeded: boolean }> {
  if ((await countOrgs(db)) > 0) return { seeded: false };

  await db.transaction(async (tx) => {
    const byCode = new Map<string, { id: string; path: string }>();
    for (const { parent, ...org } of DEMO_ORGS) {
      const parentRow = parent ? byCode.get(parent) : undefined;
      const path = parentRow ? `${parentRow.path}.${org.code}` : org.code;
      const row = await insertOrg(tx, { ...org, parentId: parentRow?.id ?? null, path });
      byCode.set(org.code, row);
    }
    const accountIds = new Map<string, { id: string; phoneEnc: string; phoneHash: string }>();
    for (const login of DEMO_LOGINS) {
      const phoneHash = crypto.blindIndex('phone', login.phone);
      const account = await upsertAccountByPhone(tx, phoneHash, crypto.encrypt(login.phone), new Date());
      accountIds.set(login.phone, { id: account.id, phoneEnc: account.phoneEnc!, phoneHash });
      for (const grant of login.grants) await insertGrant(tx, { accountId: account.id, orgId: byCode.get(grant.org)!.id, role: grant.role });
    }

    for (const m of DEMO_MEMBERS) {
      const org = DEMO_ORGS.find((o) => o.code === m.org)!;
      const orgId = byCode.get(m.org)!.id;
      const account = accountIds.get(m.phone)!;
      const joinedAt = new Date(Date.now() - 30 * 86_400_000);
      const idEnc = crypto.encrypt(m.idNumber);
      const idHash = crypto.blindIndex('id', m.idNumber);
      const [application] = await tx
        .insert(applications)
        .values({
          accountId: account.id,
          orgId,
          name: m.name,
          idEnc,
          idHash,
          phoneEnc: account.phoneEnc,
          phoneHash: account.phoneHash,
          gender: m.gender,
          birthDate: m.birthDate,
          employer: m.employer,
          category: m.category,
          workDistrict: org.regionCode,
          consentVersion: PRIVACY_NOTICE_VERSION,
          consentAt: joinedAt,
          realName: 'passed',
          status: 'approved',
          submittedAt: joinedAt,
          decidedAt: joinedAt,
        })
        .returning();
      // The same path an approval takes: member number, membership, history row.
      const membership = await admit(tx, {
        admission: {
          applicationId: application!.id,
          personIdHash: idHash,
          accountId: account.id,
          name: m.name,
          gender: m.gender,
          idEnc,
          phoneEnc: account.phoneEnc,
          employer: m.employer,
          category: m.category,
        },
        orgId,
        actorAccountId: null,
        at: joinedAt,
      });
      if (m.phone === DEMO_MESSAGES_PHONE) await seedDemoMessages(tx, account.id, org.name, joinedAt);
      if (!m.cardNo) continue;
      await insertServiceCard(tx, {
        membershipId: membership.id,
        status: 'issued',
        bankName: '北京银行',
        bankRef: 'SEED',
        cardNoEnc: crypto.encrypt(m.cardNo),
        cardNoMasked: maskCardNo(m.cardNo),
        consentVersion: BANK_CONSENT_VERSION,
        consentAt: joinedAt,
        requestedAt: joinedAt,
        issuedAt: joinedAt,
      });
    }
    await seedDemoServices(tx, byCode, new Date());
    // The city union's tests, set by the operator (13800000000), for every member in Beijing.
    await seedLearning(tx, byCode.get('bj')!.id, byCode.get('bj')!.path, accountIds.get('13800000000')!.id);
    await seedContests(tx, crypto, byCode, accountIds.get('13800000000')!.id);
    await seedDemoClasses(tx, byCode.get('bj')!.id, accountIds.get('13800000000')!.id, new Date());
    // 王建国 has learnt a little already: 25 points and the certificate of the labour-law test.
    await seedDemoLearner(tx, accountIds.get(DEMO_MESSAGES_PHONE)!.id);
    await seedMerchants(tx, new Map([...byCode].map(([code, o]) => [code, o.id])), accountIds.get(DEMO_CLERK.phone)!.id);
    await upsertStations(
      tx,
      demoStations(stationUnion, (code) => byCode.get(code)!.id),
    );
  });
  await seedBenefits(db);
  await seedPointsMall(db);
  return { seeded: true };
}

const DISTRICT_UNIONS: Record<string, string> = { 西城区: 'xc', 朝阳区: 'cy', 海淀区: 'hd', 东城区: 'dc' };

/** Stations within about 2 km of a street union belong to it; courier sites to the courier federation; else the district's union or the city's. */
const stationUnion: UnionPicker = (district, kind, lat, lng) => {
  if (kind === 'courier_site') return 'kdhy';
  const street = DEMO_ORGS.find(
    (o) => o.kind === 'street' && o.parent === DISTRICT_UNIONS[district] && Math.hypot((o.lat ?? 0) - lat, ((o.lng ?? 0) - lng) * 0.77) < 0.018,
  );
  return street?.code ?? DISTRICT_UNIONS[district] ?? 'bj';
};
/**
 * Benefits to try at once: free summer drinks (夏送清凉, one a day) and consumer vouchers for the 60,000 workers
 * who stay in the city over the New Year (as one city's union platform handed out for three years running).
 * The drinks are handed out at a stall event of the Donghuamen street union (run by the city operator) and at that
 * union's rest station (暖心驿站) nearest its office, with the code on a staffer's phone or the station's poster.
 * The vouchers are claimed at the stall and honoured at the freight-route merchants the road-freight federation signed,
 * and at the demo clerk's noodle shop, so that the demo clerk (13800000010) can redeem one at the counter.
 */
async function seedBenefits(db: Database) {
  const now = Date.now();
  // A union no demo staffer but the operator works for, so the street unions' own lists stay as the join demo expects.
  const [dhm] = await db.select({ id: orgs.id, path: orgs.path, lat: orgs.lat, lng: orgs.lng }).from(orgs).where(eq(orgs.code, 'dhm'));
  const [bj] = await db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(eq(orgs.code, 'bj'));
  const [staff] = await db.select({ id: staffGrants.accountId }).from(staffGrants).where(eq(staffGrants.orgId, bj!.id)).limit(1);
  const event = await insertEvent(db, {
    code: 'XJKQSQ26',
    orgId: dhm!.id,
    title: '夏送清凉·暖心驿站',
    place: '东华门大街暖心驿站',
    startsAt: new Date(now - 86_400_000),
    endsAt: new Date(now + 365 * 86_400_000),
    createdBy: staff!.id,
  });
  const stall = { kind: 'event' as const, placeId: event.id, name: '夏送清凉·暖心驿站·东华门大街暖心驿站', lat: null, lng: null };
  // The union's own station nearest its office (the generated stations give every street union a few).
  const [station] = await db
    .select({ placeId: stations.id, name: stations.name, lat: stations.lat, lng: stations.lng })
    .from(stations)
    .where(eq(stations.orgId, dhm!.id))
    .orderBy(sql`power(${stations.lat} - ${dhm!.lat ?? 0}, 2) + power(${stations.lng} - ${dhm!.lng ?? 0}, 2)`, asc(stations.id))
    .limit(1);
  await insertCampaign(
    db,
    {
      orgId: dhm!.id,
      title: '夏送清凉 冰饮一瓶',
      description: '户外劳动者凭会员身份在驿站领取冰镇饮料，每天一次',
      kind: 'gift',
      quota: 5_000,
      period: 'daily',
      startsAt: new Date(now - 86_400_000),
      endsAt: new Date(now + 120 * 86_400_000),
      eligibleOrgId: bj!.id,
      eligiblePath: bj!.path,
      requiresRotatingCode: false,
      createdBy: staff!.id,
    },
    [stall, ...(station ? [{ kind: 'station' as const, ...station }] : [])],
  );
  const voucherShops = DEMO_MERCHANTS.filter((m) => m.org === 'hyhy' || m.name === DEMO_CLERK.merchant).map((m) => m.name);
  const shops = await db
    .select({ placeId: merchants.id, name: merchants.name, lat: merchants.lat, lng: merchants.lng })
    .from(merchants)
    .where(and(inArray(merchants.name, voucherShops), eq(merchants.active, true)))
    .orderBy(asc(merchants.name));
  await insertCampaign(
    db,
    {
      orgId: bj!.id,
      title: '留京过年消费券 4×40元',
      description: '面向留京过年的外来务工职工，实名领取，限本人使用，不可转让；每券可用 4 次，每次消费减免 40 元，在指定的货运线路普惠商户核销',
      kind: 'voucher',
      voucherValue: 40,
      voucherUses: 4,
      quota: 60_000,
      period: 'once',
      startsAt: new Date(now - 86_400_000),
      endsAt: new Date(now + 90 * 86_400_000),
      eligibleOrgId: bj!.id,
      eligiblePath: bj!.path,
      requiresRotatingCode: true,
      createdBy: staff!.id,
    },
    [stall, ...shops.map((m) => ({ kind: 'merchant' as const, ...m }))],
  );
}
