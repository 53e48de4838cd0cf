import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import type { Bank, CampaignDrain, Contest } from '@union/shared';
import { listCampaigns } from '../../../api/benefits';
import { toApiError } from '../../../api/errors';
import { createContest, listManagedContests } from '../../../api/learning-contests';
import ActionButton from '../../../components/ActionButton';
import Chips from '../../../components/Chips';
import FormField from '../../../components/FormField';
import { EmptyState, ErrorState, LoadingState } from '../../../components/StateView';
import { formatDateTime } from '../../../lib/dates';
import { openPage, STAFF_CONTEST_PAGE } from '../../../lib/navigation';

const DAYS = [
  { value: '3', label: '3天' },
  { value: '7', label: '7天' },
  { value: '14', label: '14天' },
  { value: '30', label: '30天' },
];
const TRIES = ['1', '2', '3', '5'].map((v) => ({ value: v, label: `${v}次` }));
const NO_VOUCHER = 'none';

type Loaded = { contests: Contest[]; vouchers: CampaignDrain[] };

function contestTag(c: Contest, now = Date.now()) {
  if (c.settledAt) return { text: '已发奖', tone: 'tag--success' };
  if (now >= Date.parse(c.closesAt)) return { text: '已结束', tone: 'tag--warn' };
  if (now < Date.parse(c.opensAt)) return { text: '未开始', tone: '' };
  return { text: '进行中', tone: 'tag--primary' };
}

/**
 * 知识竞赛 on the staff learning page: publish a contest from a bank (tries per day, prize places, an optional
 * voucher campaign), and the contests in scope, each opening its ranking page.
 */
export default function ContestsSection({ orgId, banks }: { orgId: string; banks: Bank[] }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState('');
  const [bankId, setBankId] = useState('');
  const [title, setTitle] = useState('');
  const [count, setCount] = useState('10');
  const [minutes, setMinutes] = useState('10');
  const [tries, setTries] = useState('3');
  const [days, setDays] = useState('7');
  const [places, setPlaces] = useState('10');
  const [voucher, setVoucher] = useState(NO_VOUCHER);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState('');

  const load = async () => {
    setLoadError('');
    try {
      const [contests, campaigns] = await Promise.all([listManagedContests(), listCampaigns()]);
      const now = Date.now();
      setLoaded({ contests, vouchers: campaigns.filter((c) => c.kind === 'voucher' && !c.closedAt && Date.parse(c.endsAt) > now) });
    } catch (error) {
      setLoadError(toApiError(error).message);
    }
  };
  useEffect(() => void load(), []);

  async function publish() {
    setBusy(true);
    setFormError('');
    try {
      const opensAt = new Date();
      const contest = await createContest({
        orgId,
        bankId,
        title,
        questionCount: Number(count),
        timeLimitMinutes: Number(minutes),
        triesPerDay: Number(tries),
        prizePlaces: Number(places),
        ...(voucher !== NO_VOUCHER ? { prizeCampaignId: voucher } : {}),
        opensAt: opensAt.toISOString(),
        closesAt: new Date(opensAt.getTime() + Number(days) * 86_400_000).toISOString(),
      });
      void Taro.showToast({ title: `已发布：${contest.title}`, icon: 'none' });
      await load();
    } catch (error) {
      setFormError(toApiError(error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <View className="section">
        <View className="section__title">发布知识竞赛</View>
        <View className="card">
          {banks.length === 0 ? (
            <View className="muted">先导入一个题库。</View>
          ) : (
            <>
              <FormField label="竞赛题库">
                <Chips
                  label="竞赛题库"
                  options={banks.map((b) => ({ value: b.id, label: `${b.title}（${b.questions}题）` }))}
                  selected={bankId}
                  onSelect={setBankId}
                />
              </FormField>
              <FormField label="竞赛名称">
                <View className="form-field__row">
                  <Input
                    className="form-field__input"
                    value={title}
                    placeholder="如 劳动法知识竞赛"
                    ariaLabel="竞赛名称"
                    onInput={(e) => setTitle(e.detail.value)}
                  />
                </View>
              </FormField>
              <FormField label="竞赛抽题数" help="每人每次从题库随机抽取，选项顺序也打乱">
                <View className="form-field__row">
                  <Input className="form-field__input" type="number" value={count} ariaLabel="竞赛抽题数" onInput={(e) => setCount(e.detail.value)} />
                </View>
              </FormField>
              <FormField label="竞赛限时（分钟）">
                <View className="form-field__row">
                  <Input className="form-field__input" type="number" value={minutes} ariaLabel="竞赛限时（分钟）" onInput={(e) => setMinutes(e.detail.value)} />
                </View>
              </FormField>
              <FormField label="每天答题次数" help="按北京时间计，取最好成绩，同分用时短者在前">
                <Chips label="每天答题次数" options={TRIES} selected={tries} onSelect={setTries} />
              </FormField>
              <FormField label="竞赛时间" help="从现在开始；竞赛期间会员只看到自己的成绩，结束后公布排名和答案">
                <Chips label="竞赛时间" options={DAYS} selected={days} onSelect={setDays} />
              </FormField>
              <FormField label="获奖名额" help="结束后点“发放奖励”，前几名各得竞赛名次积分（只发一次）">
                <View className="form-field__row">
                  <Input className="form-field__input" type="number" value={places} ariaLabel="获奖名额" onInput={(e) => setPlaces(e.detail.value)} />
                </View>
              </FormField>
              {loaded && loaded.vouchers.length > 0 ? (
                <FormField label="奖品券" help="获奖者同时从所选电子券活动各得一张券">
                  <Chips
                    label="奖品券"
                    options={[{ value: NO_VOUCHER, label: '只发积分' }, ...loaded.vouchers.map((v) => ({ value: v.id, label: v.title }))]}
                    selected={voucher}
                    onSelect={setVoucher}
                  />
                </FormField>
              ) : null}
              <ActionButton loading={busy} loadingText="正在发布…" disabled={!bankId} onClick={() => void publish()}>
                发布竞赛
              </ActionButton>
            </>
          )}
          {formError ? (
            <View className="staff-learning__errors" ariaRole="alert">
              {formError}
            </View>
          ) : null}
        </View>
      </View>

      <View className="section">
        <View className="section__title">知识竞赛</View>
        {loadError ? <ErrorState title="竞赛加载失败" message={loadError} onRetry={() => void load()} /> : null}
        {!loaded && !loadError ? <LoadingState text="正在加载竞赛…" /> : null}
        {loaded && loaded.contests.length === 0 ? <EmptyState title="还没有知识竞赛" description="从题库发布一场竞赛，按单位统计参与率。" /> : null}
        {loaded?.contests.map((c) => {
          const tag = contestTag(c);
          return (
            <View
              key={c.id}
              className="card staff-learning__test staff-learning__contest"
              hoverClass="staff-learning__contest--pressed"
              ariaRole="button"
              ariaLabel={c.title}
              onClick={() => openPage(`${STAFF_CONTEST_PAGE}?id=${c.id}`)}
            >
              <View className="staff-learning__contest-head">
                <View className="staff-learning__test-title">{c.title}</View>
                <View className={`tag ${tag.tone}`}>{tag.text}</View>
              </View>
              <View className="muted">
                {c.orgName} · 参与 {c.participants ?? 0} 人{c.pendingReview ? ` · ${c.pendingReview} 次待审核` : ''} · {formatDateTime(c.closesAt)} 截止
              </View>
            </View>
          );
        })}
      </View>
    </>
  );
}
