import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { WORKER_CATEGORIES, displayMemberNo, type StaffMember, type StaffMemberQuery } from '@union/shared';
import { fetchStaffMembers } from '../../../api/membership';
import Chips from '../../../components/Chips';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatDate } from '../../../lib/dates';
import { MEMBERSHIP_STATUS_LABELS } from '../../../lib/labels';
import { STAFF_MEMBER_PAGE, STAFF_MEMBERS_PAGE, openPage } from '../../../lib/navigation';
import './index.scss';

type Status = StaffMemberQuery['status'];
const STATUSES: { value: Status; label: string }[] = [
  { value: 'current', label: '在会' },
  { value: 'retained', label: '保留会籍' },
  { value: 'expired', label: '保留期满' },
  { value: 'transferring', label: '转出中' },
  { value: 'left', label: '已退会' },
];

function MemberRow({ m }: { m: StaffMember }) {
  return (
    <View className="card member-row" hoverClass="member-row--pressed" ariaRole="link" onClick={() => openPage(`${STAFF_MEMBER_PAGE}?id=${m.id}`)}>
      <View className="member-row__head">
        <View className="member-row__name">{m.name}</View>
        <View className={`tag ${m.status === 'active' ? 'tag--success' : m.status === 'left' ? '' : 'tag--warn'}`}>{MEMBERSHIP_STATUS_LABELS[m.status]}</View>
      </View>
      <View className="member-row__meta muted">
        {displayMemberNo(m.memberNo)} · {m.phone}
      </View>
      <View className="member-row__meta">
        {m.orgName}
        {m.category ? ` · ${WORKER_CATEGORIES[m.category]}` : ''}
        {m.employer ? ` · ${m.employer}` : ''}
      </View>
      <View className="member-row__meta muted">
        {m.retainedUntil && m.status === 'retained' ? `保留至 ${formatDate(m.retainedUntil)}` : `${formatDate(m.joinedAt)} 入会`}
      </View>
    </View>
  );
}

/** 会员名册: the members of the staffer's unions, by name or number, by status (保留期满: a talk is due). */
export default function StaffMembersPage() {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<Status>('current');
  const asked = useRef<{ q: string; status: Status }>({ q: '', status: 'current' });
  const page = useAuthedRequest(() => fetchStaffMembers(asked.current), STAFF_MEMBERS_PAGE);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  usePullDownRefresh(() => {
    void page.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  function search(next: { q?: string; status?: Status }) {
    asked.current = { ...asked.current, ...next };
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void page.run({ silent: true }), next.q === undefined ? 0 : 300);
  }

  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后查看会员', description: '使用工会工作人员的手机号登录。', returnTo: STAFF_MEMBERS_PAGE },
  });
  if (gate) return gate;
  const { state } = page;

  return (
    <Screen className="staff-members">
      <View className="section">
        <View className="form-field__row">
          <Input
            className="form-field__input"
            value={q}
            placeholder="姓名或会员编号"
            placeholderClass="form-field__placeholder"
            confirmType="search"
            ariaLabel="搜索会员"
            onInput={(e) => {
              setQ(e.detail.value);
              search({ q: e.detail.value.trim() });
            }}
          />
        </View>
        <View className="staff-members__filters">
          <Chips
            label="会籍状态"
            columns={3}
            options={STATUSES}
            selected={status}
            onSelect={(s) => {
              setStatus(s);
              search({ status: s });
            }}
          />
        </View>
      </View>
      <View className="section">
        <RequestStatus
          state={state}
          loadingText="正在加载会员…"
          errorTitle={(e) => (e.status === 403 ? '只有审核员和管理员可以查看会员' : '会员加载失败')}
          onRetry={() => void page.run()}
        />
        {state.status === 'success' && state.data.length === 0 ? (
          <EmptyState title="没有找到会员" description={q ? '换个姓名或编号试试。' : '本会及下级工会还没有这样的会员。'} />
        ) : null}
        {state.status === 'success' ? state.data.map((m) => <MemberRow key={m.id} m={m} />) : null}
      </View>
    </Screen>
  );
}
