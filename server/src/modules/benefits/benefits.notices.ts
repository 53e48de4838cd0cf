import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { MESSAGE_HEADINGS, voucherValueText, type BenefitKind, type Message } from '@union/shared';
import type { Database } from '../../db/client';
import { beforeCursor, exactTime, type PageCursor } from '../../lib/paging';
import { inServiceTz } from '../../lib/dates';
import { placeOfClaim } from './benefits.repository';
import { benefitCampaignPlaces, benefitCampaigns, benefitClaims } from './benefits.table';

/**
 * A member's claims as notices in 消息: the claim is its own notice, read from the claims table (its `notice_read_at`
 * is the read mark), so the claim's hot path writes nothing more and nothing is pushed for what the member just did
 * on the screen. Voucher uses and voids are told through the outbox (`notices` port of the benefits service).
 */

const minute = (d: Date) => inServiceTz(d).format('YYYY-MM-DD HH:mm');
const day = (d: Date) => inServiceTz(d).format('YYYY-MM-DD');

const claimColumns = {
  id: benefitClaims.id,
  claimedAt: benefitClaims.claimedAt,
  readAt: benefitClaims.noticeReadAt,
  validUntil: benefitClaims.validUntil,
  voucherUses: benefitClaims.voucherUses,
  title: benefitCampaigns.title,
  kind: benefitCampaigns.kind,
  endsAt: benefitCampaigns.endsAt,
  voucherValue: benefitCampaigns.voucherValue,
  pointsPrice: benefitCampaigns.pointsPrice,
  placeName: benefitCampaignPlaces.name,
};
interface ClaimNoticeRow {
  id: string;
  claimedAt: Date;
  readAt: Date | null;
  validUntil: Date | null;
  voucherUses: number;
  title: string;
  kind: BenefitKind;
  endsAt: Date;
  voucherValue: number | null;
  pointsPrice: number | null;
  placeName: string | null;
}

function claimMessage(r: ClaimNoticeRow): Message {
  const mall = r.pointsPrice !== null;
  const worth = r.kind === 'voucher' ? (voucherValueText({ value: r.voucherValue, uses: r.voucherUses }) ?? '') : '';
  const until = r.kind === 'voucher' ? `有效期至 ${day(r.validUntil ?? r.endsAt)}` : '';
  const howTo = r.kind === 'voucher' ? '在「我的券」出示券码使用' : '凭会员码在领取地点领取';
  return {
    id: r.id,
    kind: 'benefit_claimed',
    heading: mall ? '积分兑换成功' : MESSAGE_HEADINGS.benefit_claimed,
    subject: r.title,
    time: minute(r.claimedAt),
    place: mall ? '积分商城' : (r.placeName ?? ''),
    note: [mall ? `已用 ${r.pointsPrice} 积分` : '', worth, until, howTo].filter(Boolean).join('，'),
    reason: null,
    expires: null,
    createdAt: r.claimedAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}

/** The claims with their campaign and place, as notices read them (and, for the message centre's paging, their exact time). */
function selectClaims(db: Database) {
  return db
    .select({ ...claimColumns, exactAt: exactTime(benefitClaims.claimedAt) })
    .from(benefitClaims)
    .innerJoin(benefitCampaigns, eq(benefitCampaigns.id, benefitClaims.campaignId))
    .leftJoin(benefitCampaignPlaces, placeOfClaim);
}

/** The member's newest claims as messages (newest first), or those after `before` (the message centre's cursor). */
export async function claimMessages(db: Database, accountId: string, limit: number, before?: PageCursor): Promise<{ message: Message; exactAt: string }[]> {
  const rows = await selectClaims(db)
    .where(and(eq(benefitClaims.accountId, accountId), beforeCursor(benefitClaims.claimedAt, benefitClaims.id, before)))
    .orderBy(desc(benefitClaims.claimedAt), desc(benefitClaims.id))
    .limit(limit);
  return rows.map((r) => ({ message: claimMessage(r), exactAt: r.exactAt }));
}

export async function unreadClaims(db: Database, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(benefitClaims)
    .where(and(eq(benefitClaims.accountId, accountId), isNull(benefitClaims.noticeReadAt)));
  return row?.n ?? 0;
}

/** Marks one of the member's own claims read (the first reading stays); undefined when it is not theirs. */
export async function readClaim(db: Database, accountId: string, id: string, at: Date): Promise<Message | undefined> {
  const [done] = await db
    .update(benefitClaims)
    .set({ noticeReadAt: sql`coalesce(${benefitClaims.noticeReadAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(benefitClaims.id, id), eq(benefitClaims.accountId, accountId)))
    .returning({ id: benefitClaims.id });
  if (!done) return undefined;
  const [row] = await selectClaims(db).where(eq(benefitClaims.id, id));
  return row && claimMessage(row);
}

export async function readAllClaims(db: Database, accountId: string, at: Date): Promise<void> {
  await db
    .update(benefitClaims)
    .set({ noticeReadAt: at })
    .where(and(eq(benefitClaims.accountId, accountId), isNull(benefitClaims.noticeReadAt)));
}

/** The port the message centre reads claims through (wired in the composition root). */
export const claimNotices = { list: claimMessages, unread: unreadClaims, read: readClaim, readAll: readAllClaims };
export type ClaimNotices = typeof claimNotices;
