import Taro from '@tarojs/taro';
import { CERTIFICATE_VERIFY_PAGE_PATH, CLAIM_PAGE_PATH, JOIN_PAGE_PATH } from '@union/shared';

export const HOME_PAGE = '/pages/index/index';
export const SERVICES_PAGE = '/pages/services/index';
export const CARD_PAGE = '/pages/card/index';
export const ME_PAGE = '/pages/me/index';
export const LOGIN_PAGE = '/pages/login/index';
/** The stall QR codes open this page (the shared joinLinks); app.config.ts names its sub-package. */
export const JOIN_PAGE = `/${JOIN_PAGE_PATH}`;
export const APPLICATION_PAGE = '/pages/application/index';
export const STATIONS_PAGE = '/pages/stations/index';
export const STAFF_PAGE = '/pages/staff/index';
export const STAFF_EVENTS_PAGE = '/pages/staff/events/index';
export const STAFF_EVENT_NEW_PAGE = '/pages/staff/event-new/index';
export const STAFF_QR_PAGE = '/pages/staff/qr/index';
export const STAFF_ORGS_PAGE = '/pages/staff/orgs/index';
export const STAFF_PEOPLE_PAGE = '/pages/staff/people/index';
export const STAFF_AUDIT_PAGE = '/pages/staff/audit/index';
export const STAFF_TREE_PAGE = '/pages/staff/tree/index';
/** 导入组织树 (from 工会组织), 导入驿站 and 普惠商户管理: admins and operators. */
export const STAFF_ORG_IMPORT_PAGE = '/pages/staff/org-import/index';
export const STAFF_STATION_IMPORT_PAGE = '/pages/staff/station-import/index';
export const STAFF_MERCHANTS_PAGE = '/pages/staff/merchants/index';
export const STAFF_CHECK_IN_PAGE = '/pages/staff/check-in/index';
/** 服务管理: the services an admin or operator sets up, and one service's form with its slots (`?id=`). */
export const STAFF_SERVICES_PAGE = '/pages/staff/services/index';
export const STAFF_SERVICE_EDIT_PAGE = '/pages/staff/service-edit/index';
/** Booking pages live in their own sub-package; the WeChat notifications open MY_BOOKINGS_PAGE. */
export const SERVICE_DETAIL_PAGE = '/pages/bookings/detail/index';
export const MY_BOOKINGS_PAGE = '/pages/bookings/mine/index';
export const STAFF_SCAN_PAGE = '/pages/staff/scan/index';
/** H5 扫一扫 for members (weapp uses the system scanner straight from the card page). */
export const SCAN_PAGE = '/pages/scan/index';
export const MERCHANTS_PAGE = '/pages/merchants/index';
export const MERCHANT_SCAN_PAGE = '/pages/merchant/index';
/** A place code (station, event, merchant) opens the claim page of the benefits feature. */
export const BENEFIT_CLAIM_PAGE = '/pages/benefits/claim';
export const BENEFITS_PAGE = '/pages/benefits/index';
/** A scanned place code opens this page (`?code=`); posters point here (CLAIM_PAGE_PATH in the shared contract). */
export const CLAIM_PAGE = `/${CLAIM_PAGE_PATH}`;
export const BENEFITS_MINE_PAGE = '/pages/benefits/mine';
/** 消息: the notices the outbox sent (审核结果、候补名额、预约提醒). */
export const MESSAGES_PAGE = '/pages/messages/index';
/** 帮助: how to join, what the card does, how to reach the union. */
export const HELP_PAGE = '/pages/help/index';
export const STAFF_PLACE_CODE_PAGE = '/pages/staff/place-code/index';
export const STAFF_REDEEM_PAGE = '/pages/staff/redeem/index';
/** Operators and union admins: benefit campaigns, a new one, and one draining (?id=). */
export const STAFF_CAMPAIGNS_PAGE = '/pages/staff/campaigns/index';
export const STAFF_CAMPAIGN_NEW_PAGE = '/pages/staff/campaign-new/index';
export const STAFF_CAMPAIGN_PAGE = '/pages/staff/campaign/index';
/** 学习: the member's tests and points, one test (`?id=`); staff import banks and set tests. */
export const LEARNING_PAGE = '/pages/learning/index';
export const LEARNING_TEST_PAGE = '/pages/learning/test';
export const LEARNING_COURSE_PAGE = '/pages/learning/course';
export const LEARNING_LESSON_PAGE = '/pages/learning/lesson';
export const STAFF_LEARNING_PAGE = '/pages/staff/learning/index';
/** 我的会籍: the membership, its history (会籍记录), and 转会, 保留会籍, 退会, 修改资料. */
export const MEMBERSHIP_PAGE = '/pages/membership/index';
/** 申请转会 (`?orgId=` preselects the union picked on the join form). */
export const MEMBERSHIP_TRANSFER_PAGE = '/pages/membership/transfer';
export const MEMBERSHIP_PROFILE_PAGE = '/pages/membership/profile';
/** Staff: transfers into and out of their unions, and the member register with one member's history (`?id=`). */
export const STAFF_TRANSFERS_PAGE = '/pages/staff/transfers/index';
export const STAFF_MEMBERS_PAGE = '/pages/staff/members/index';
export const STAFF_MEMBER_PAGE = '/pages/staff/member/index';
export const LEARNING_CONTEST_PAGE = '/pages/learning/contest';
export const STAFF_CONTEST_PAGE = '/pages/staff/contest/index';
/** 积分商城 (exchange points for vouchers), 我的证书 and one certificate (`?id=`), from 学习. */
export const LEARNING_MALL_PAGE = '/pages/learning/mall';
export const LEARNING_CERTIFICATES_PAGE = '/pages/learning/certificates';
export const LEARNING_CERTIFICATE_PAGE = '/pages/learning/certificate';
/** Anyone checks a certificate's code here (`?code=`), signed in or not; a certificate's QR opens it. */
export const CERTIFICATE_VERIFY_PAGE = `/${CERTIFICATE_VERIFY_PAGE_PATH}`;
/** 数据概览: every staffer's figures with charts, tables and CSV exports (the staff sub-package, with the chart library). */
export const STAFF_FIGURES_PAGE = '/pages/staff/figures/index';

const TAB_PAGES = [HOME_PAGE, SERVICES_PAGE, CARD_PAGE, ME_PAGE];

function withLeadingSlash(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

function pathOf(url: string): string {
  return withLeadingSlash(url.split('?')[0] ?? '');
}

export function isTabPage(url: string): boolean {
  return TAB_PAGES.includes(pathOf(url));
}

/** Query values arrive encoded on some platforms and decoded on others. */
export function safeDecode(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return value.includes('%') ? decodeURIComponent(value) : value;
  } catch {
    return value;
  }
}

/** The page the user is on now, with its own query, for coming back after login. */
export function currentPageUrl(): string {
  const router = Taro.getCurrentInstance().router;
  if (!router) return HOME_PAGE;
  const path = pathOf(router.path || HOME_PAGE);
  const query = Object.entries(router.params ?? {})
    .filter(([key, value]) => typeof value === 'string' && !key.startsWith('$taro') && key !== 'stamp')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value as string)}`)
    .join('&');
  return query ? `${path}?${query}` : path;
}

/** Only our own pages (never the login page itself) are valid places to return to. */
function isSafeReturn(url: string | undefined): url is string {
  if (!url) return false;
  const path = pathOf(url);
  return (path.startsWith('/pages/') || path.startsWith('/packages/')) && path !== LOGIN_PAGE;
}

let loginOpenedAt = 0;

export function goToLogin(returnTo?: string): void {
  const target = returnTo ?? currentPageUrl();
  if (pathOf(target) === LOGIN_PAGE) return;
  // Several requests failing with 401 at once must open the login page only once.
  const now = Date.now();
  if (now - loginOpenedAt < 1500) return;
  loginOpenedAt = now;
  const url = isSafeReturn(target) ? `${LOGIN_PAGE}?redirect=${encodeURIComponent(target)}` : LOGIN_PAGE;
  void Taro.navigateTo({ url }).catch(() => Taro.redirectTo({ url }));
}

function previousPagePath(): string | undefined {
  try {
    const pages = Taro.getCurrentPages();
    const previous = pages[pages.length - 2];
    return previous?.route ? pathOf(previous.route) : undefined;
  } catch {
    return undefined;
  }
}

export function goAfterLogin(redirect: string | undefined): void {
  const target = isSafeReturn(redirect) ? redirect : HOME_PAGE;
  if (isTabPage(target)) {
    void Taro.switchTab({ url: pathOf(target) });
  } else if (previousPagePath() === pathOf(target)) {
    // The page that sent the user here is right below: go back to it rather than open a copy.
    void Taro.navigateBack({ delta: 1 });
  } else {
    void Taro.redirectTo({ url: target });
  }
}

export function openPage(url: string): void {
  if (isTabPage(url)) {
    void Taro.switchTab({ url: pathOf(url) });
  } else {
    void Taro.navigateTo({ url });
  }
}

/** Set by openMemberCode, taken by the card page: a tab page takes no query string. */
let memberCodeWanted = false;

/** 会员码 from anywhere: the 会员卡 tab, scrolled to the code. */
export function openMemberCode(): void {
  memberCodeWanted = true;
  openPage(CARD_PAGE);
}

/** True once after openMemberCode: the card page then brings the code into view. */
export function takeMemberCodeRequest(): boolean {
  const wanted = memberCodeWanted;
  memberCodeWanted = false;
  return wanted;
}

/** Goes back to `url` if it is already in the page stack (no duplicate pages), else opens it. */
export function backTo(url: string): void {
  const target = pathOf(url);
  let pages: { route?: string }[] = [];
  try {
    pages = Taro.getCurrentPages();
  } catch {
    pages = [];
  }
  const index = pages.map((p) => (p.route ? pathOf(p.route) : '')).lastIndexOf(target);
  if (index >= 0 && index < pages.length - 1) {
    void Taro.navigateBack({ delta: pages.length - 1 - index });
  } else {
    openPage(url);
  }
}

/**
 * 暂不登录: back to the page below, or, when the login page was opened straight from a link (nothing
 * below it), to 首页, so that back from login never ends on a blank or looping page.
 */
export function leaveLogin(redirect: string | undefined): void {
  let depth = 1;
  try {
    depth = Taro.getCurrentPages().length;
  } catch {
    depth = 1;
  }
  if (depth > 1) {
    void Taro.navigateBack({ delta: 1 });
    return;
  }
  // The join page asks for the phone itself: going there is not a loop.
  if (redirect && pathOf(redirect) === JOIN_PAGE) {
    void Taro.redirectTo({ url: redirect });
    return;
  }
  void Taro.switchTab({ url: HOME_PAGE });
}
