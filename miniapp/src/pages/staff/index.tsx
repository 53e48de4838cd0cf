import { useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, usePullDownRefresh } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
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
import { listMyEvents } from '../../api/events';
import { toApiError } from '../../api/errors';
import { useLive } from '../../hooks/use-live';
import { approveApplication, fetchQueue, reassignApplication, rejectApplication, revealField } from '../../api/staff';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import Screen from '../../components/Screen';
import SignedOut from '../../components/SignedOut';
import { EmptyState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';

import {
  STAFF_CAMPAIGNS_PAGE,
  STAFF_CHECK_IN_PAGE,
  STAFF_EVENTS_PAGE,
  STAFF_ORGS_PAGE,
  STAFF_PAGE,
  STAFF_REDEEM_PAGE,
  STAFF_SCAN_PAGE,
  STAFF_SERVICES_PAGE,
  openPage,
} from '../../lib/navigation';
import { canManageOrgs, canManageServices } from '../../lib/staff-roles';

/**
 * The scanner's tools, one tap from the queue: a compact row, so the applicants stay in view.
 * A tool with `show` appears only for the roles it names (服务管理: admins and operators).
 */
const STAFF_TOOLS: { page: string; icon: string; label: string; show?: (grants: MeResponse['grants'] | undefined) => boolean }[] = [
  { page: STAFF_SCAN_PAGE, icon: '码', label: '核验会员' },
  { page: STAFF_CHECK_IN_PAGE, icon: '签', label: '预约签到' },
  { page: STAFF_REDEEM_PAGE, icon: '券', label: '核销消费券' },
  { page: STAFF_SERVICES_PAGE, icon: '约', label: '服务管理', show: canManageServices },
  // Admins and operators also run benefit campaigns.
  { page: STAFF_CAMPAIGNS_PAGE, icon: '福', label: '福利活动', show: canManageOrgs },
];
import ReassignSheet from './reassign-sheet';
import { webInputAttrs } from '../../lib/input-kinds';
import ReasonSheet from './reason-sheet';
import StaffItem from './staff-item';
import './index.scss';

const TABS: { status: ApplicationStatus; label: string; empty: string }[] = [
  { status: 'pending', label: '待审核', empty: '新的入会申请会自动出现在这里，无需刷新。' },
  { status: 'approved', label: '已通过', empty: '还没有通过的申请。' },
  { status: 'rejected', label: '未通过', empty: '还没有驳回的申请。' },
];

const REVEAL_REASONS = ['核对身份信息', '申请人要求更正信息', '现场核验证件'] as const;

/** How long 撤销 is offered after 通过 or 驳回; the decision is sent when it runs out. */
export const UNDO_MS = 5000;

/** A decision taken but not yet sent: 撤销 puts the card back, nothing reached the server. */
interface HeldDecision {
  item: StaffApplication;
  kind: 'approve' | 'reject';
  reason?: string;
  until: number;
}

interface QueueView {
  items: StaffApplication[];
  total: number;
  pendingTotal: number;
}

export default function StaffQueuePage() {
  const [tab, setTab] = useState<ApplicationStatus>('pending');
  const tabRef = useRef(tab);
  tabRef.current = tab;
  // Filters: one stall event, and the last 4 digits of the phone of the person in front of you.
  const [eventId, setEventId] = useState<string>();
  const [last4, setLast4] = useState('');
  const filterRef = useRef<{ eventId?: string; phoneLast4?: string }>({});
  filterRef.current = { eventId, phoneLast4: last4.length === 4 ? last4 : undefined };
  const [events, setEvents] = useState<{ id: string; title: string }[]>([]);

  const queue = useAuthedRequest<QueueView>(async () => {
    const status = tabRef.current;
    const list = await fetchQueue({ status, limit: 50, ...filterRef.current });
    const pendingTotal = status === 'pending' ? list.total : (await fetchQueue({ status: 'pending', limit: 1 })).total;
    return { items: list.items, total: list.total, pendingTotal };
  }, STAFF_PAGE);
  const [me, setMe] = useState<MeResponse | null>(null);

  const [approving, setApproving] = useState<Record<string, boolean>>({});
  // 撤销: the decision waits UNDO_MS in this bar, under the list, never over the next card.
  const [held, setHeld] = useState<HeldDecision | null>(null);
  const heldRef = useRef<HeldDecision | null>(null);
  const heldTimer = useRef<ReturnType<typeof setTimeout>>();
  const [notice, setNotice] = useState<string>();
  const noticeTimer = useRef<ReturnType<typeof setTimeout>>();
  const [clock, setClock] = useState(() => Date.now());
  const [rejecting, setRejecting] = useState<StaffApplication | null>(null);
  // The decision is held in the 撤销 bar, not sent, so the sheet never waits on the network.
  const rejectBusy = false;
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
    if (!queue.signedIn) return;
    fetchMe({ quiet: true }).then(setMe).catch(() => setMe(null));
    // The latest few stall events, as filter chips; the queue works without them.
    listMyEvents()
      .then((items) => setEvents(items.slice(0, 6).map((e) => ({ id: e.id, title: e.title }))))
      .catch(() => setEvents([]));
  }, [queue.signedIn]);

  function applyFilter(next: { eventId?: string; last4?: string }) {
    const nextEvent = 'eventId' in next ? next.eventId : eventId;
    const nextLast4 = next.last4 ?? last4;
    setEventId(nextEvent);
    setLast4(nextLast4);
    filterRef.current = { eventId: nextEvent, phoneLast4: nextLast4.length === 4 ? nextLast4 : undefined };
    // A search runs at 4 digits and when cleared, not at every keystroke.
    seen.current = null;
    if ('eventId' in next || nextLast4.length === 4 || (nextLast4.length === 0 && last4.length > 0)) void queue.run();
  }

  const live = useLive(() => void queue.run({ silent: true }), { enabled: queue.signedIn });

  usePullDownRefresh(() => {
    void queue.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  // A revealed ID number is shown only while the reviewer stays on this screen.
  // Leaving the page makes a held decision final at once.
  useDidHide(() => {
    setRevealed({});
    void sendHeld();
  });
  useEffect(
    () => () => {
      void sendHeld();
      clearTimeout(noticeTimer.current);
    },
    [],
  );
  useEffect(() => {
    if (!held) return undefined;
    const tick = setInterval(() => setClock(Date.now()), 250);
    return () => clearInterval(tick);
  }, [held]);

  function say(text: string) {
    setNotice(text);
    clearTimeout(noticeTimer.current);
    noticeTimer.current = setTimeout(() => setNotice(undefined), 3000);
  }

  function hold(decision: Omit<HeldDecision, 'until'>) {
    // A decision already held becomes final before the next one is held.
    void sendHeld();
    const next = { ...decision, until: Date.now() + UNDO_MS };
    heldRef.current = next;
    setHeld(next);
    setClock(Date.now());
    removeLocally(decision.item.id);
    heldTimer.current = setTimeout(() => void sendHeld(), UNDO_MS);
  }

  function undo() {
    const decision = heldRef.current;
    if (!decision) return;
    clearTimeout(heldTimer.current);
    heldRef.current = null;
    setHeld(null);
    say(`已撤销，${decision.item.name}的申请回到待审核`);
    void queue.run({ silent: true });
  }

  async function sendHeld() {
    const decision = heldRef.current;
    if (!decision) return;
    heldRef.current = null;
    clearTimeout(heldTimer.current);
    setHeld(null);
    const { item } = decision;
    try {
      if (decision.kind === 'approve') {
        const done = await approveApplication(item.id);
        say(`已通过：${done.name}${done.memberNo ? `，会员编号 ${displayMemberNo(done.memberNo)}` : ''}`);
      } else {
        await rejectApplication(item.id, decision.reason ?? '');
        say(`已驳回：${item.name}，已通知申请人`);
      }
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === 'applications.already_decided') alreadyDecided();
      else {
        say(`${item.name}：${apiError.message}`);
        void queue.run({ silent: true });
      }
    }
  }

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

  function approve(item: StaffApplication) {
    if (approving[item.id]) return;
    hold({ item, kind: 'approve' });
  }

  function reject(reason: string) {
    if (!rejecting || rejectBusy) return;
    setRejectError(undefined);
    hold({ item: rejecting, kind: 'reject', reason });
    setRejecting(null);
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
  const tools = STAFF_TOOLS.filter((tool) => !tool.show || tool.show(me?.grants));

  return (
    <Screen withFooter className='staff'>
      <View className='staff__head'>
        <View className='staff__orgs'>{orgNames.length > 0 ? orgNames.join('、') : '入会审核'}</View>
        <View className={`staff__live staff__live--${live}`}>
          <View className='staff__live-dot' />
          {live === 'live' ? '实时更新' : live === 'polling' ? '每3秒自动刷新' : '正在连接…'}
        </View>
      </View>
      {/* Up to three tools in one row; four in two rows of two, five or six in two rows of three. */}
      <View className={`staff__tools ${tools.length > 4 ? 'staff__tools--grid staff__tools--grid3' : tools.length > 3 ? 'staff__tools--grid' : ''}`}>
        {tools.map((tool) => (
          <View key={tool.page} className='staff__tool' hoverClass='staff__tool--pressed' ariaRole='button' onClick={() => openPage(tool.page)}>
            <View className='staff__tool-icon'>{tool.icon}</View>
            <View className='staff__tool-label'>{tool.label}</View>
          </View>
        ))}
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

      <View className='staff-filter'>
        <View className='staff-filter__search'>
          <Input
            className='staff-filter__input'
            maxlength={4}
            type='number'
            {...webInputAttrs({ type: 'tel', inputmode: 'numeric', autocomplete: 'off' })}
            placeholder='手机尾号4位'
            placeholderClass='staff-filter__placeholder'
            value={last4}
            ariaLabel='按手机尾号查找'
            onInput={(e) => applyFilter({ last4: e.detail.value.replace(/\D/g, '').slice(0, 4) })}
          />
          {last4 ? (
            <View className='staff-filter__clear' hoverClass='staff-filter__clear--pressed' ariaRole='button' onClick={() => applyFilter({ last4: '' })}>
              清除
            </View>
          ) : null}
        </View>
        {events.length > 0 ? (
          <View className='staff-filter__events'>
            {[{ id: undefined as string | undefined, title: '全部活动' }, ...events].map((e) => (
              <View
                key={e.id ?? 'all'}
                className={`staff-filter__event ${e.id === eventId ? 'staff-filter__event--on' : ''}`}
                ariaRole='button'
                aria-selected={e.id === eventId}
                onClick={() => applyFilter({ eventId: e.id })}
              >
                {e.title}
              </View>
            ))}
          </View>
        ) : null}
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
        {held ? (
          <View className='undo-bar' ariaRole='status'>
            <View className='undo-bar__text'>
              <View className='undo-bar__what'>{held.kind === 'approve' ? `已通过：${held.item.name}` : `已驳回：${held.item.name}`}</View>
              <View className='undo-bar__left'>{Math.max(1, Math.ceil((held.until - clock) / 1000))}秒后生效</View>
            </View>
            <View className='undo-bar__undo' hoverClass='undo-bar__undo--pressed' ariaRole='button' onClick={undo}>
              撤销
            </View>
          </View>
        ) : notice ? (
          <View className='undo-bar undo-bar--done' ariaRole='status'>
            <View className='undo-bar__text'>{notice}</View>
          </View>
        ) : null}
        <ActionButton variant='secondary' onClick={() => openPage(STAFF_EVENTS_PAGE)}>
          入会活动与二维码
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
