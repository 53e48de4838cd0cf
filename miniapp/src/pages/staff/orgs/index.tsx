import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Switch, View } from '@tarojs/components';
import { ORG_KIND_LABELS, type MeResponse, type OrgSettings } from '@union/shared';
import { fetchMe } from '../../../api/auth';
import { toApiError } from '../../../api/errors';
import { fetchStaffOrgs, setAutoApprove } from '../../../api/staff';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { STAFF_ORGS_PAGE } from '../../../lib/navigation';
import './index.scss';

const AUTO_APPROVE_HELP = '开启后，实名核验通过且无异常提示的申请将自动通过。';

interface OrgsView {
  orgs: OrgSettings[];
  me: MeResponse;
}

/**
 * Which rows this staffer may switch. An operator covers everything; an admin grant covers its union
 * and the unions below it, which the list does not mark, so only a union held with a reviewer grant
 * alone is read-only. The server decides in the end: a refused change is reverted and explained.
 */
function editableRows(me: MeResponse): (org: OrgSettings) => boolean {
  const grants = me.grants;
  if (grants.some((g) => g.role === 'operator')) return () => true;
  const adminOrgs = new Set(grants.filter((g) => g.role === 'admin').map((g) => g.orgId));
  if (adminOrgs.size === 0) return () => false;
  const reviewerOnly = new Set(grants.filter((g) => g.role === 'reviewer' && !adminOrgs.has(g.orgId)).map((g) => g.orgId));
  return (org) => adminOrgs.has(org.id) || !reviewerOnly.has(org.id);
}

export default function StaffOrgsPage() {
  const page = useAuthedRequest<OrgsView>(async () => {
    const [orgs, me] = await Promise.all([fetchStaffOrgs(), fetchMe({ quiet: true })]);
    return { orgs, me };
  }, STAFF_ORGS_PAGE);
  const [saving, setSaving] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  // What the switches show while a change is on its way or just saved; fresh data from the server wins.
  const [shown, setShown] = useState<Record<string, boolean>>({});
  const data = page.state.status === 'success' ? page.state.data : null;
  useEffect(() => setShown({}), [data]);

  usePullDownRefresh(() => {
    void page.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  const patchRow = (id: string, autoApprove: boolean) => setShown((s) => ({ ...s, [id]: autoApprove }));
  const isOn = (org: OrgSettings) => shown[org.id] ?? org.autoApprove;

  async function toggle(org: OrgSettings, next: boolean) {
    if (saving[org.id]) return;
    const before = isOn(org);
    setSaving((s) => ({ ...s, [org.id]: true }));
    setErrors((e) => ({ ...e, [org.id]: '' }));
    patchRow(org.id, next);
    try {
      const saved = await setAutoApprove(org.id, next);
      patchRow(org.id, saved.autoApprove);
      void Taro.showToast({ title: `${saved.name}：自动审核已${saved.autoApprove ? '开启' : '关闭'}`, icon: 'none', duration: 2000 });
    } catch (error) {
      patchRow(org.id, before);
      const apiError = toApiError(error);
      setErrors((e) => ({ ...e, [org.id]: apiError.status === 403 ? `只有工会管理员可以更改：${apiError.message}` : apiError.message }));
    } finally {
      setSaving((s) => ({ ...s, [org.id]: false }));
    }
  }

  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后查看工会设置', description: '使用工会工作人员的手机号登录。', returnTo: STAFF_ORGS_PAGE },
  });
  if (gate) return gate;

  const { state } = page;
  const canEdit = state.status === 'success' ? editableRows(state.data.me) : () => false;
  const anyEditable = state.status === 'success' && state.data.orgs.some(canEdit);

  return (
    <Screen className="staff-orgs">
      <View className="section">
        <View className="staff-orgs__intro">
          <View className="staff-orgs__intro-title">自动审核</View>
          <View className="staff-orgs__intro-text">{AUTO_APPROVE_HELP}其余申请仍由工作人员审核。</View>
        </View>

        {state.status === 'success' && state.data.orgs.length > 0 && !anyEditable ? (
          <View className="staff-orgs__readonly" ariaRole="note">
            只有工会管理员可以更改这些设置。如需开启或关闭自动审核，请联系本工会的管理员。
          </View>
        ) : null}

        <RequestStatus
          state={state}
          loadingText="正在加载工会…"
          errorTitle={(error) => (error.status === 403 ? '没有工会工作人员权限' : '工会设置加载失败')}
          onRetry={() => void page.run()}
        />
        {state.status === 'success' && state.data.orgs.length === 0 ? (
          <EmptyState title="没有负责的工会" description="您的账号还没有工会工作人员权限，请联系上级工会开通。" />
        ) : null}
        {state.status === 'success'
          ? state.data.orgs.map((org) => {
              const editable = canEdit(org);
              const busy = Boolean(saving[org.id]);
              const error = errors[org.id];
              const on = isOn(org);
              return (
                <View key={org.id} className="card staff-org" data-id={org.id}>
                  <View className="staff-org__row">
                    <View className="staff-org__text">
                      <View className="staff-org__name">{org.name}</View>
                      <View className="staff-org__meta">
                        <View className="tag tag--info">{ORG_KIND_LABELS[org.kind]}</View>
                        <View className={`staff-org__state ${on ? 'staff-org__state--on' : ''}`} ariaRole="status">
                          {busy ? '正在保存…' : `自动审核${on ? '已开启' : '未开启'}`}
                          {!editable ? '（仅管理员可更改）' : ''}
                        </View>
                      </View>
                    </View>
                    {editable ? (
                      <Switch
                        className="staff-org__switch"
                        checked={on}
                        disabled={busy}
                        color="#c8102e"
                        ariaLabel={`${org.name} 自动审核`}
                        onChange={(e) => void toggle(org, e.detail.value)}
                      />
                    ) : null}
                  </View>
                  {error ? (
                    <View className="staff-org__error" ariaRole="alert">
                      {error}
                    </View>
                  ) : null}
                </View>
              );
            })
          : null}
      </View>
    </Screen>
  );
}
