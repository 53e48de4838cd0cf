import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { MeResponse, OrgSettings, StaffGrant, StaffRole } from '@union/shared';
import { fetchMe } from '../../../api/auth';
import { toApiError } from '../../../api/errors';
import { fetchStaffOrgs } from '../../../api/staff';
import { changeStaffRole, fetchStaff, removeStaffGrant, setStaffAccountDisabled, withdrawStaffInvitation } from '../../../api/staff-admin';
import Chips from '../../../components/Chips';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import Sheet from '../../../components/Sheet';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { GRANT_ROLE_LABELS } from '../../../lib/labels';
import { STAFF_PEOPLE_PAGE } from '../../../lib/navigation';
import GrantCard from './grant-card';
import InviteForm from './invite-form';
import { grantableRoles, ROLE_HELP } from './roles';
import './index.scss';

interface PeopleView {
  staff: StaffGrant[];
  orgs: OrgSettings[];
  me: MeResponse;
}

const confirm = async (title: string, content: string, confirmText: string) =>
  (await Taro.showModal({ title, content, confirmText, confirmColor: '#c8102e', cancelText: '取消' })).confirm;

/**
 * 工作人员: a union's staff with their roles and the invitations waiting for an answer; invite by phone, withdraw an
 * invitation, change a role, remove it, disable an account.
 */
export default function StaffPeoplePage() {
  const page = useAuthedRequest<PeopleView>(async () => {
    const [staff, orgs, me] = await Promise.all([fetchStaff(), fetchStaffOrgs(), fetchMe({ quiet: true })]);
    return { staff, orgs, me };
  }, STAFF_PEOPLE_PAGE);
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [changing, setChanging] = useState<StaffGrant | null>(null);

  usePullDownRefresh(() => {
    void page.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  /** Runs a change of one row, shows its refusal on that row, and reloads the list after. */
  async function act(grant: StaffGrant, run: () => Promise<string>) {
    setBusy(grant.id);
    setErrors((e) => ({ ...e, [grant.id]: '' }));
    try {
      const done = await run();
      void Taro.showToast({ title: done, icon: 'none', duration: 2000 });
      await page.run({ silent: true });
    } catch (error) {
      setErrors((e) => ({ ...e, [grant.id]: toApiError(error).message }));
    } finally {
      setBusy(null);
    }
  }

  async function remove(grant: StaffGrant) {
    const who = `${grant.phone ?? '该账号'}在${grant.orgName}的${GRANT_ROLE_LABELS[grant.role]}角色`;
    if (!(await confirm('移除角色', `移除${who}？对方会立即退出登录。`, '移除'))) return;
    await act(grant, async () => {
      await removeStaffGrant(grant.id);
      return '已移除';
    });
  }

  async function withdraw(grant: StaffGrant) {
    if (grant.status === 'invited' && !(await confirm('撤回邀请', `撤回对${grant.phone ?? '该账号'}的邀请？对方将不能再接受。`, '撤回'))) return;
    await act(grant, async () => {
      await withdrawStaffInvitation(grant.id);
      return '已撤回';
    });
  }

  async function toggleDisabled(grant: StaffGrant) {
    if (!grant.disabled && !(await confirm('停用账号', `停用${grant.phone ?? '该账号'}？对方立即退出登录，且不能再登录，直到恢复。`, '停用'))) return;
    await act(grant, async () => {
      await setStaffAccountDisabled(grant.accountId, !grant.disabled);
      return grant.disabled ? '已恢复账号' : '已停用账号';
    });
  }

  async function changeTo(role: StaffRole) {
    const grant = changing;
    setChanging(null);
    if (!grant || role === grant.role) return;
    await act(grant, async () => {
      const saved = await changeStaffRole(grant.id, role);
      return `已改为${GRANT_ROLE_LABELS[saved.role]}`;
    });
  }

  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后管理工作人员', description: '使用工会管理员的手机号登录。', returnTo: STAFF_PEOPLE_PAGE },
  });
  if (gate) return gate;

  const { state } = page;
  const data = state.status === 'success' ? state.data : null;
  const roles = grantableRoles(data?.me.grants);

  return (
    <Screen className="staff-people">
      <View className="section">
        <RequestStatus
          state={state}
          loadingText="正在加载工作人员…"
          errorTitle={(error) => (error.status === 403 ? '只有工会管理员可以管理工作人员' : '工作人员加载失败')}
          onRetry={() => void page.run()}
        />
        {data ? <InviteForm orgs={data.orgs} roles={roles} onInvited={() => void page.run({ silent: true })} /> : null}
      </View>
      {data ? (
        <View className="section">
          <View className="section__title">
            <View>工作人员</View>
            <View className="section__hint">
              {data.staff.filter((g) => g.status === 'active').length} 个角色
              {data.staff.some((g) => g.status === 'invited') ? ` · ${data.staff.filter((g) => g.status === 'invited').length} 个邀请待接受` : ''}
            </View>
          </View>
          {data.staff.length === 0 ? <EmptyState title="还没有工作人员" description="用上面的表单按手机号邀请。" /> : null}
          {data.staff.map((grant) => (
            <GrantCard
              key={grant.id}
              grant={grant}
              busy={busy === grant.id}
              error={errors[grant.id]}
              onChangeRole={() => setChanging(grant)}
              onRemove={() => void remove(grant)}
              onToggleDisabled={() => void toggleDisabled(grant)}
              onWithdraw={() => void withdraw(grant)}
            />
          ))}
        </View>
      ) : null}
      <Sheet open={changing !== null} title="更改角色" onClose={() => setChanging(null)}>
        {changing ? (
          <View className="staff-people__sheet">
            <View className="muted">
              {changing.phone ?? '微信账号'} · {changing.orgName}
            </View>
            <Chips
              label="新角色"
              options={roles.map((r) => ({ value: r, label: GRANT_ROLE_LABELS[r] }))}
              selected={changing.role}
              onSelect={(r) => void changeTo(r)}
            />
            <View className="muted">{ROLE_HELP[changing.role]}</View>
          </View>
        ) : null}
      </Sheet>
    </Screen>
  );
}
