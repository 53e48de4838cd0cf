import { useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import {
  displayMemberNo,
  REJECT_REASONS,
  rejectInputSchema,
  revealInputSchema,
  type ApplicationStatus,
  type MeResponse,
  type Org,
  type StaffApplication,
} from '@union/shared';
import { fetchMe } from '../../api/auth';
import { toApiError } from '../../api/errors';
import { useLive } from '../../hooks/use-live';
import { approveApplication, fetchQueue, reassignApplication, rejectApplication, revealField } from '../../api/staff';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import Screen from '../../components/Screen';
import SignedOut from '../../components/SignedOut';
import { EmptyState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';

import { STAFF_EVENTS_PAGE, STAFF_ORGS_PAGE, STAFF_PAGE, STAFF_REDEEM_PAGE, openPage } from '../../lib/navigation';
import { canManageOrgs } from '../../lib/staff-roles';
import ReassignSheet from './reassign-sheet';
import ReasonSheet from './reason-sheet';
import StaffItem from './staff-item';
import './index.scss';

const TABS: { status: ApplicationStatus; label: string; empty: string }[] = [
  { status: 'pending', label: '待审核', empty: '新的入会申请会自动出现在这里，无需刷新。' },
  { status: 'approved', label: '已通过', empty: '还没有通过的申请。' },
  { status: 'rejected', label: '未通过', empty: '还没有驳回的申请。' },
];

const REVEAL_REASONS = ['核对身份信息', '申请人要求更正信息', '现场核验证件'] as const;

interface QueueView {
  items: StaffApplication[];
  total: number;
  pendingTotal: number;
}

export default function StaffQueuePage() {
  const [tab, setTab] = useState<ApplicationStatus>('pending');
  const tabRef = useRef(tab);
  tabRef.current = tab;

  const queue = useAuthedRequest<QueueView>(async () => {
    const status = tabRef.current;
    const list = await fetchQueue({ status, limit: 50 });
    const pendingTotal = status === 'pending' ? list.total : (await fetchQueue({ status: 'pending', limit: 1 })).total;
    return { items: list.items, total: list.total, pendingTotal };
  }, STAFF_PAGE);
  const [me, setMe] = useState<MeResponse | null>(null);

  const [approving, setApproving] = useState<Record<string, boolean>>({});
  const [rejecting, setRejecting] = useState<StaffApplication | null>(null);
  const [rejectBusy, setRejectBusy] = useState(false);
  const [rejectError, setRejectError] = useState<string>();
  const [reassigning, setReassigning] = useState<StaffApplication | null>(null);
  const [reassignBusy, setReassignBusy] = useState(false);
  const [reassignError, setReassignError] = useState<string>();
  const [revealing, setRevealing] = useState<StaffApplication | null>(null);
  const [revealBusy, setRevealBusy] = useState(false);
  const [revealError, setRevealError] = useState<string>();
  const [revealed, setRevealed] = useState<Record<string, string>>({});

  // Items that arrive after the first load are highlighted for a few seconds, so a new applicant is easy to spot.
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const freshTimers = useRef<ReturnType<typeof setTimeout>[]>([]);
  useEffect(() => () => freshTimers.current.forEach(clearTimeout), []);
  useEffect(() => {
    if (queue.state.status !== 'success') return;
    const ids = queue.state.data.items.map((i) => i.id);
    if (seen.current === null) {
      seen.current = new Set(ids);
      return;
    }
    const added = ids.filter((id) => !seen.current!.has(id));
    if (added.length === 0) return;
    added.forEach((id) => seen.current!.add(id));
    setFresh((f) => new Set([...f, ...added]));
    freshTimers.current.push(setTimeout(() => setFresh((f) => new Set([...f].filter((id) => !added.includes(id)))), 4000));
  }, [queue.state]);

  useEffect(() => {
    if (queue.signedIn) fetchMe({ quiet: true }).then(setMe).catch(() => setMe(null));
  }, [queue.signedIn]);

  const live = useLive(() => void queue.run({ silent: true }), { enabled: queue.signedIn });

  usePullDownRefresh(() => {
    void queue.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  // A revealed ID number is shown only while the reviewer stays on this screen.
  useDidHide(() => setRevealed({}));

  function switchTab(status: ApplicationStatus) {
    if (status === tab) return;
    setTab(status);
    tabRef.current = status;
    setRevealed({});
    seen.current = null;
    setFresh(new Set());
    void queue.run();
  }

  function removeLocally(id: string) {
    if (queue.state.status !== 'success') return;
    const data = queue.state.data;
    const items = data.items.filter((i) => i.id !== id);
    queue.set({ items, total: Math.max(0, data.total - 1), pendingTotal: Math.max(0, data.pendingTotal - 1) });
  }

  function alreadyDecided() {
    void Taro.showToast({ title: '该申请已由其他工作人员处理，列表已刷新', icon: 'none', duration: 2500 });
    void queue.run({ silent: true });
  }

  async function approve(item: StaffApplication) {
    if (approving[item.id]) return;
    setApproving((a) => ({ ...a, [item.id]: true }));
    try {
      const done = await approveApplication(item.id);
      removeLocally(item.id);
      void Taro.showToast({
        title: `已通过：${done.name}${done.memberNo ? `，会员编号 ${displayMemberNo(done.memberNo)}` : ''}`,
        icon: 'none',
        duration: 2500,
      });
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === 'applications.already_decided') alreadyDecided();
      else void Taro.showToast({ title: apiError.message, icon: 'none', duration: 3000 });
    } finally {
      setApproving((a) => ({ ...a, [item.id]: false }));
    }
  }

  async function reject(reason: string) {
    if (!rejecting || rejectBusy) return;
    setRejectBusy(true);
    setRejectError(undefined);
    try {
      await rejectApplication(rejecting.id, reason);
      removeLocally(rejecting.id);
      void Taro.showToast({ title: `已驳回：${rejecting.name}`, icon: 'none', duration: 2000 });
      setRejecting(null);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === 'applications.already_decided') {
        setRejecting(null);
        alreadyDecided();
      } else setRejectError(apiError.message);
    } finally {
      setRejectBusy(false);
    }
  }

  async function reassign(org: Org, reason: string) {
    if (!reassigning || reassignBusy) return;
    setReassignBusy(true);
    setReassignError(undefined);
    try {
      await reassignApplication(reassigning.id, org.id, reason);
      // Gone from this queue, unless the other union is also ours: the refetch puts it back then.
      removeLocally(reassigning.id);
      setReassigning(null);
      void Taro.showToast({ title: `已转交至 ${org.name}`, icon: 'none', duration: 2500 });
      void queue.run({ silent: true });
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === 'applications.already_decided') {
        setReassigning(null);
        alreadyDecided();
      } else setReassignError(apiError.message);
    } finally {
      setReassignBusy(false);
    }
  }

  async function reveal(reason: string) {
    if (!revealing || revealBusy) return;
    setRevealBusy(true);
    setRevealError(undefined);
    try {
      const value = await revealField(revealing.id, 'idNumber', reason);
      setRevealed((r) => ({ ...r, [revealing.id]: value }));
      setRevealing(null);
    } catch (error) {
      setRevealError(toApiError(error).message);
    } finally {
      setRevealBusy(false);
    }
  }

  if (!queue.signedIn) {
    return (
      <Screen withFooter>
        <SignedOut title='登录后进入工作台' description='使用工会工作人员的手机号登录，审核入会申请。' returnTo={STAFF_PAGE} />
      </Screen>
    );
  }

  const { state } = queue;
  const orgNames = [...new Set((me?.grants ?? []).map((g) => g.orgName))];
  const pendingTotal = state.status === 'success' ? state.data.pendingTotal : undefined;
  const current = TABS.find((t) => t.status === tab)!;

  return (
    <Screen withFooter className='staff'>
      <View className='staff__head'>
        <View className='staff__orgs'>{orgNames.length > 0 ? orgNames.join('、') : '入会审核'}</View>
        <View className={`staff__live staff__live--${live}`}>
          <View className='staff__live-dot' />
          {live === 'live' ? '实时更新' : live === 'polling' ? '每3秒自动刷新' : '正在连接…'}
        </View>
      </View>
      {canManageOrgs(me?.grants) ? (
        <View
          className='staff__settings'
          hoverClass='staff__settings--pressed'
          ariaRole='button'
          onClick={() => openPage(STAFF_ORGS_PAGE)}
        >
          <View className='staff__settings-text'>
            <View className='staff__settings-title'>工会设置</View>
            <View className='staff__settings-desc muted'>自动审核等</View>
          </View>
          <View className='staff__settings-go'>›</View>
        </View>
      ) : null}

      <View className='staff-tabs' ariaRole='tablist'>
        {TABS.map((t) => (
          <View
            key={t.status}
            className={`staff-tabs__tab ${t.status === tab ? 'staff-tabs__tab--on' : ''}`}
            ariaRole='tab'
            aria-selected={t.status === tab}
            onClick={() => switchTab(t.status)}
          >
            {t.label}
            {t.status === 'pending' && pendingTotal ? <View className='staff-tabs__count'>{pendingTotal}</View> : null}
          </View>
        ))}
      </View>

      <View className='section'>
        <RequestStatus
          state={state}
          loadingText='正在加载入会申请…'
          errorTitle={(error) => (error.status === 403 ? '没有审核权限' : '入会申请加载失败')}
          onRetry={() => void queue.run()}
        />
        {state.status === 'success' && state.data.items.length === 0 ? (
          <EmptyState title={`暂无${current.label}的申请`} description={current.empty} />
        ) : null}
        {state.status === 'success' && state.data.items.length > 0 ? (
          <>
            {state.data.total > state.data.items.length ? (
              <View className='staff__more muted'>
                共 {state.data.total} 份，显示最新 {state.data.items.length} 份
              </View>
            ) : null}
            {state.data.items.map((item) => (
              <StaffItem
                key={item.id}
                item={item}
                fresh={fresh.has(item.id)}
                approving={Boolean(approving[item.id])}
                revealed={revealed[item.id]}
                onApprove={() => void approve(item)}
                onReject={() => {
                  setRejectError(undefined);
                  setRejecting(item);
                }}
                onReassign={() => {
                  setReassignError(undefined);
                  setReassigning(item);
                }}
                onReveal={() => {
                  setRevealError(undefined);
                  setRevealing(item);
                }}
                onHide={() =>
                  setRevealed((r) => {
                    const copy = { ...r };
                    delete copy[item.id];
                    return copy;
                  })
                }
              />
            ))}
          </>
        ) : null}
      </View>

      <ReasonSheet
        open={rejecting !== null}
        title='驳回入会申请'
        subject={rejecting ? `${rejecting.name} · ${rejecting.employer}` : undefined}
        quickReasons={REJECT_REASONS}
        label='驳回原因'
        schema={rejectInputSchema.shape.reason}
        confirmText='确认驳回'
        busyText='正在驳回…'
        busy={rejectBusy}
        error={rejectError}
        onConfirm={(reason) => void reject(reason)}
        onClose={() => setRejecting(null)}
      />

      <ReassignSheet
        item={reassigning}
        busy={reassignBusy}
        error={reassignError}
        onConfirm={(org, reason) => void reassign(org, reason)}
        onClose={() => setReassigning(null)}
      />

      <ReasonSheet
        open={revealing !== null}
        title='查看完整身份证号'
        subject='查看会记录您的姓名、时间和原因。离开本页后自动隐藏。'
        quickReasons={REVEAL_REASONS}
        label='查看原因'
        schema={revealInputSchema.shape.reason}
        confirmText='查看'
        busyText='正在查询…'
        busy={revealBusy}
        error={revealError}
        onConfirm={(reason) => void reveal(reason)}
        onClose={() => setRevealing(null)}
      />

      <FooterBar>
        <ActionButton variant='secondary' onClick={() => openPage(STAFF_EVENTS_PAGE)}>
          入会活动与二维码
        </ActionButton>
        <ActionButton variant='text' onClick={() => openPage(STAFF_REDEEM_PAGE)}>
          核销消费券
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
