import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ORG_KIND_LABELS, type OrgDetail } from '@union/shared';
import { fetchOrgTree } from '../../../api/staff-admin';
import ActionButton from '../../../components/ActionButton';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { openPage, STAFF_ORG_IMPORT_PAGE, STAFF_TREE_PAGE } from '../../../lib/navigation';
import OrgSheet from './org-sheet';
import './index.scss';

/** 工会组织: the unions this admin manages as a tree; create one below, edit, move or close one. */
export default function StaffTreePage() {
  const page = useAuthedRequest(fetchOrgTree, STAFF_TREE_PAGE);
  const [editing, setEditing] = useState<OrgDetail | 'new' | null>(null);

  usePullDownRefresh(() => {
    void page.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后管理工会组织', description: '使用工会管理员的手机号登录。', returnTo: STAFF_TREE_PAGE },
  });
  if (gate) return gate;

  const { state } = page;
  const orgs = state.status === 'success' ? state.data : [];
  const top = Math.min(...orgs.map((o) => o.path.split('.').length));

  return (
    <Screen className="staff-tree">
      <View className="section">
        <View className="staff-tree__actions">
          <ActionButton onClick={() => setEditing('new')} disabled={orgs.length === 0}>
            新建下级工会
          </ActionButton>
          <ActionButton variant="secondary" onClick={() => openPage(STAFF_ORG_IMPORT_PAGE)}>
            从 Excel 导入组织树
          </ActionButton>
        </View>
        <RequestStatus
          state={state}
          loadingText="正在加载工会组织…"
          errorTitle={(error) => (error.status === 403 ? '只有工会管理员可以管理工会组织' : '工会组织加载失败')}
          onRetry={() => void page.run()}
        />
        <View className="card staff-tree__list">
          {orgs.map((o) => (
            <View
              key={o.id}
              className={`staff-tree__row ${o.closedAt ? 'staff-tree__row--closed' : ''}`}
              style={{ paddingLeft: `${12 + (o.path.split('.').length - top) * 16}px` }}
              hoverClass="staff-tree__row--pressed"
              ariaRole="button"
              data-code={o.code}
              onClick={() => !o.closedAt && setEditing(o)}
            >
              <View className="staff-tree__name">{o.name}</View>
              <View className="staff-tree__meta">
                <View className="tag tag--info">{ORG_KIND_LABELS[o.kind]}</View>
                {o.closedAt ? <View className="tag tag--warn">已撤销</View> : null}
                {!o.closedAt && !o.takesJoins ? <View className="tag">暂停受理</View> : null}
                {o.autoApprove && !o.closedAt ? <View className="tag">自动审核</View> : null}
              </View>
            </View>
          ))}
        </View>
      </View>
      {editing && orgs.length > 0 ? (
        <OrgSheet
          org={editing === 'new' ? null : editing}
          orgs={orgs}
          onClose={() => setEditing(null)}
          onSaved={(message) => {
            setEditing(null);
            void Taro.showToast({ title: message, icon: 'none', duration: 2000 });
            void page.run({ silent: true });
          }}
        />
      ) : null}
    </Screen>
  );
}
