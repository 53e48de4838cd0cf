import { View } from '@tarojs/components';
import type { MeResponse } from '@union/shared';
import type { LiveMode } from '../../../hooks/use-live';
import {
  STAFF_CAMPAIGNS_PAGE,
  STAFF_LEARNING_PAGE,
  STAFF_MEMBERS_PAGE,
  STAFF_TRANSFERS_PAGE,
  STAFF_CHECK_IN_PAGE,
  STAFF_FIGURES_PAGE,
  STAFF_AUDIT_PAGE,
  STAFF_ORGS_PAGE,
  STAFF_PEOPLE_PAGE,
  STAFF_REDEEM_PAGE,
  STAFF_SCAN_PAGE,
  STAFF_SERVICES_PAGE,
  STAFF_TREE_PAGE,
  STAFF_MERCHANTS_PAGE,
  STAFF_STATION_IMPORT_PAGE,
  openPage,
} from '../../../lib/navigation';
import { canHandleMembers, canManageOrgs, canManageServices } from '../../../lib/staff-roles';

/**
 * The scanner's tools, one tap from the queue: one row of chips, so the first applicant shows without scrolling.
 * A tool with `show` appears only for the roles it names (服务管理: admins and operators).
 */
const STAFF_TOOLS: { page: string; icon: string; label: string; show?: (grants: MeResponse['grants'] | undefined) => boolean }[] = [
  { page: STAFF_SCAN_PAGE, icon: '码', label: '核验会员' },
  { page: STAFF_CHECK_IN_PAGE, icon: '签', label: '预约签到' },
  { page: STAFF_REDEEM_PAGE, icon: '券', label: '核销消费券' },
  // A member's whole membership: transfers in and out, and the register with each member's history.
  { page: STAFF_TRANSFERS_PAGE, icon: '转', label: '转会办理', show: canHandleMembers },
  { page: STAFF_MEMBERS_PAGE, icon: '册', label: '会员名册', show: canHandleMembers },
  // Every staffer sees their unions' figures.
  { page: STAFF_FIGURES_PAGE, icon: '数', label: '数据概览' },
  { page: STAFF_SERVICES_PAGE, icon: '约', label: '服务管理', show: canManageServices },
  // Admins and operators also run benefit campaigns.
  { page: STAFF_CAMPAIGNS_PAGE, icon: '福', label: '福利活动', show: canManageOrgs },
  // Admins and operators run their union's staff and read its audit log.
  { page: STAFF_PEOPLE_PAGE, icon: '人', label: '工作人员', show: canManageOrgs },
  { page: STAFF_AUDIT_PAGE, icon: '记', label: '操作记录', show: canManageOrgs },
  { page: STAFF_TREE_PAGE, icon: '树', label: '工会组织', show: canManageOrgs },
  // They sign up 普惠商户 and invite their clerks, and import rest stations.
  { page: STAFF_MERCHANTS_PAGE, icon: '商', label: '普惠商户', show: canManageOrgs },
  { page: STAFF_STATION_IMPORT_PAGE, icon: '驿', label: '导入驿站', show: canManageOrgs },
  // Admins and operators publish courses, import question banks and set tests (谁主办谁测试).
  { page: STAFF_LEARNING_PAGE, icon: '学', label: '课程和测试', show: canManageServices },
];

/** Above the queue: whose queue it is, how updates arrive, the tools this reviewer may use and 工会设置. */
export default function QueueHead({ me, live }: { me: MeResponse | null; live: LiveMode }) {
  const orgNames = [...new Set((me?.grants ?? []).map((g) => g.orgName))];
  const tools = STAFF_TOOLS.filter((tool) => !tool.show || tool.show(me?.grants));
  return (
    <>
      <View className="staff__head">
        <View className="staff__orgs">{orgNames.length > 0 ? orgNames.join('、') : '入会审核'}</View>
        <View className={`staff__live staff__live--${live}`}>
          <View className="staff__live-dot" />
          {live === 'live' ? '实时更新' : live === 'polling' ? '每3秒自动刷新' : '正在连接…'}
        </View>
      </View>
      {/* One row of chips (scrolled sideways when they do not fit), 工会设置 last: the first applicant shows without scrolling. */}
      <View className="staff__tools">
        {tools.map((tool) => (
          <View key={tool.page} className="staff__tool" hoverClass="staff__tool--pressed" ariaRole="button" onClick={() => openPage(tool.page)}>
            <View className="staff__tool-icon">{tool.icon}</View>
            <View className="staff__tool-label">{tool.label}</View>
          </View>
        ))}
        {canManageOrgs(me?.grants) ? (
          <View className="staff__tool staff__settings" hoverClass="staff__tool--pressed" ariaRole="button" onClick={() => openPage(STAFF_ORGS_PAGE)}>
            <View className="staff__tool-icon">设</View>
            <View className="staff__tool-label">工会设置</View>
          </View>
        ) : null}
      </View>
    </>
  );
}
