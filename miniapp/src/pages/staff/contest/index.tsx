import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { CONTEST_FLAG_LABELS, type Contest, type ContestRanking, type FlaggedAttempt, type Settlement, type UnitRanking } from '@union/shared';
import { toApiError } from '../../../api/errors';
import { contestExportUrl, flaggedAttempts, listManagedContests, reviewFlag, settleContest, staffRanking, staffUnits } from '../../../api/learning-contests';
import ActionButton from '../../../components/ActionButton';
import Chips from '../../../components/Chips';
import FooterBar from '../../../components/FooterBar';
import { pageGate } from '../../../components/PageGate';
import { RankRow, UnitLine } from '../../../components/RankingRows';
import Screen from '../../../components/Screen';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { downloadFile } from '../../../lib/files';
import { formatDateTime } from '../../../lib/dates';
import { STAFF_CONTEST_PAGE } from '../../../lib/navigation';
import './index.scss';

type Tab = 'units' | 'people' | 'flagged';
type Data = { contest: Contest; units: UnitRanking; people: ContestRanking; flagged: FlaggedAttempt[] };

function Flagged({ items, busy, onReview }: { items: FlaggedAttempt[]; busy: string; onReview: (id: string, decision: 'approve' | 'reject') => void }) {
  if (items.length === 0) return <EmptyState title="没有用时过短的答题" description="答题快于正常阅读速度的会自动列在这里，审核前不计入排名和奖励。" />;
  return (
    <>
      {items.map((f) => (
        <View key={f.attemptId} className="card staff-contest__flag">
          <View className="staff-contest__flag-head">
            <View>
              {f.name} · {f.orgName}
            </View>
            <View className={`tag ${f.flag === 'pending' ? 'tag--warn' : f.flag === 'approved' ? 'tag--success' : ''}`}>{CONTEST_FLAG_LABELS[f.flag]}</View>
          </View>
          <View className="muted">
            {f.score}分 · 用时 {f.seconds} 秒（正常阅读至少 {f.minSeconds} 秒）· {formatDateTime(f.gradedAt)}
          </View>
          {f.flag === 'pending' ? (
            <View className="staff-contest__flag-actions">
              <ActionButton size="small" block={false} loading={busy === `${f.attemptId}:approve`} onClick={() => onReview(f.attemptId, 'approve')}>
                认可成绩
              </ActionButton>
              <ActionButton
                size="small"
                block={false}
                variant="secondary"
                loading={busy === `${f.attemptId}:reject`}
                onClick={() => onReview(f.attemptId, 'reject')}
              >
                不计成绩
              </ActionButton>
            </View>
          ) : null}
        </View>
      ))}
    </>
  );
}

/** 竞赛排名 (staff, live): by unit with participation rates (drill down a level, CSV), by person, flagged attempts, settling. */
export default function StaffContestPage() {
  const id = useRouter().params.id ?? '';
  const route = `${STAFF_CONTEST_PAGE}?id=${id}`;
  const [under, setUnder] = useState<{ id: string; name: string }[]>([]);
  const [tab, setTab] = useState<Tab>('units');
  const [busy, setBusy] = useState('');
  const [prizes, setPrizes] = useState<Settlement | null>(null);
  const underId = under.at(-1)?.id;
  const data = useAuthedRequest(async (): Promise<Data> => {
    const [contests, units, people, flagged] = await Promise.all([listManagedContests(), staffUnits(id, underId), staffRanking(id), flaggedAttempts(id)]);
    const contest = contests.find((c) => c.id === id);
    if (!contest) throw new Error('未找到该竞赛');
    return { contest, units, people, flagged };
  }, route);
  usePullDownRefresh(() => void data.run({ silent: true }).finally(() => Taro.stopPullDownRefresh()));
  useEffect(() => {
    if (data.state.status === 'success') void data.run({ silent: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload when the unit level changes
  }, [underId]);

  async function act(key: string, action: () => Promise<unknown>) {
    setBusy(key);
    try {
      await action();
      await data.run({ silent: true });
    } catch (error) {
      void Taro.showToast({ title: toApiError(error).message, icon: 'none' });
    } finally {
      setBusy('');
    }
  }

  async function settle(contest: Contest) {
    if (!contest.settledAt) {
      const { confirm } = await Taro.showModal({
        title: '发放名次奖励？',
        content: `前 ${contest.prizePlaces} 名各得 ${contest.prizePoints} 积分${contest.prizeVoucher ? `和一张“${contest.prizeVoucher}”` : ''}，只发放一次。`,
        confirmText: '发放',
      });
      if (!confirm) return;
    }
    await act('settle', async () => setPrizes(await settleContest(contest.id)));
  }

  const gate = pageGate({
    signedIn: data.signedIn,
    signedOut: { title: '登录后查看竞赛排名', description: '使用工会管理员或运营人员的手机号登录。', returnTo: route },
  });
  if (gate) return gate;
  const { state } = data;
  if (state.status !== 'success')
    return (
      <Screen>
        <View className="section">
          <RequestStatus state={state} loadingText="正在加载排名…" errorTitle="排名加载失败" onRetry={() => void data.run()} />
        </View>
      </Screen>
    );
  const { contest, units, people, flagged } = state.data;
  const closed = Date.now() >= Date.parse(contest.closesAt);
  const pending = flagged.filter((f) => f.flag === 'pending').length;

  return (
    <Screen withFooter className="staff-contest">
      <View className="section">
        <View className="card">
          <View className="staff-contest__title">{contest.title}</View>
          <View className="muted">
            {contest.orgName} · {formatDateTime(contest.opensAt)} 至 {formatDateTime(contest.closesAt)}
            {closed ? '（已结束）' : '（进行中，排名实时更新）'}
          </View>
          <View className="staff-contest__figures">
            参与 {units.participants} 人 · 会员 {units.members} 人 · 参与率{' '}
            {units.members > 0 ? `${((100 * units.participants) / units.members).toFixed(1)}%` : '—'}
          </View>
        </View>
      </View>
      <View className="section">
        <Chips
          label="排名方式"
          options={[
            { value: 'units', label: '单位排名' },
            { value: 'people', label: '个人排名' },
            { value: 'flagged', label: pending ? `待审核 ${pending}` : '用时过短' },
          ]}
          selected={tab}
          onSelect={(t) => setTab(t as Tab)}
        />
      </View>
      {tab === 'units' ? (
        <View className="section">
          <View className="section__title">{units.under.name}下各单位（按参与率）</View>
          {under.length > 0 ? (
            <View className="staff-contest__crumbs">
              <ActionButton size="small" block={false} variant="secondary" onClick={() => setUnder((u) => u.slice(0, -1))}>
                返回上一级
              </ActionButton>
            </View>
          ) : null}
          <View className="card">
            {units.items.length === 0 ? <View className="muted">没有下级单位。</View> : null}
            {units.items.map((u) => (
              <View
                key={u.orgId + String(u.own)}
                hoverClass={u.own ? undefined : 'staff-contest__unit--pressed'}
                ariaRole={u.own ? undefined : 'button'}
                onClick={u.own ? undefined : () => setUnder((list) => [...list, { id: u.orgId, name: u.orgName }])}
              >
                <UnitLine unit={u} />
              </View>
            ))}
          </View>
          <View className="muted staff-contest__hint">点单位查看其下级；参与率 = 参加人数 / 该单位及下级会员数。</View>
          <View className="staff-contest__exports">
            <ActionButton
              size="small"
              block={false}
              variant="secondary"
              loading={busy === 'export-unit'}
              onClick={() => void act('export-unit', () => downloadFile(contestExportUrl(contest.id, 'unit', underId), 'contest-unit.csv'))}
            >
              导出单位排名
            </ActionButton>
            <ActionButton
              size="small"
              block={false}
              variant="secondary"
              loading={busy === 'export-person'}
              onClick={() => void act('export-person', () => downloadFile(contestExportUrl(contest.id, 'person'), 'contest-person.csv'))}
            >
              导出个人排名
            </ActionButton>
          </View>
        </View>
      ) : null}
      {tab === 'people' ? (
        <View className="section">
          <View className="section__title">个人排名（共 {people.ranked} 人，前 100 名）</View>
          {people.top.length === 0 ? (
            <EmptyState title="还没有成绩" description="会员交卷后，成绩会实时出现在这里。" />
          ) : (
            <View className="card">
              {people.top.map((r, i) => (
                <RankRow key={i} row={r} />
              ))}
            </View>
          )}
        </View>
      ) : null}
      {tab === 'flagged' ? (
        <View className="section">
          <Flagged
            items={flagged}
            busy={busy}
            onReview={(attemptId, decision) => void act(`${attemptId}:${decision}`, () => reviewFlag(attemptId, decision))}
          />
        </View>
      ) : null}
      {prizes ? (
        <View className="section">
          <View className="section__title">获奖名单（{formatDateTime(prizes.settledAt)} 发放）</View>
          <View className="card">
            {prizes.prizes.length === 0 ? <View className="muted">没有计入排名的成绩，未发放奖励。</View> : null}
            {prizes.prizes.map((p) => (
              <View key={p.place} className="staff-contest__prize">
                <RankRow row={{ rank: p.place, name: p.name, orgName: p.orgName, score: p.score, seconds: p.seconds }} />
                <View className="muted staff-contest__prize-note">
                  +{p.pointsPaid} 积分{p.voucher === 'granted' ? ' · 已发券' : p.voucher === 'refused' ? ` · 未发券：${p.voucherNote}` : ''}
                </View>
              </View>
            ))}
          </View>
        </View>
      ) : null}
      <FooterBar>
        <ActionButton
          loading={busy === 'settle'}
          loadingText="正在发放…"
          disabled={!closed || (pending > 0 && !contest.settledAt)}
          onClick={() => void settle(contest)}
        >
          {contest.settledAt ? '查看获奖名单' : !closed ? '竞赛结束后发放奖励' : pending > 0 ? `先审核 ${pending} 次答题` : '发放名次奖励'}
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
