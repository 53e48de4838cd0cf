import { useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { SERVICE_KIND_LABELS, SERVICE_KINDS, type Service, type ServiceKind } from '@union/shared';
import { ApiError } from '../../api/errors';
import { listServices } from '../../api/bookings';
import { isSignedIn } from '../../api/session';
import Chips from '../../components/Chips';
import Screen from '../../components/Screen';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { useRequest } from '../../hooks/use-request';
import { formatDateTime } from '../../lib/dates';
import { JOIN_PAGE, LEARNING_PAGE, MERCHANTS_PAGE, MY_BOOKINGS_PAGE, SERVICE_DETAIL_PAGE, STATIONS_PAGE, goToLogin, openPage } from '../../lib/navigation';
import { betweenWords } from '../../lib/words';
import './index.scss';

const ICONS: Record<ServiceKind, string> = { legal_aid: '法', counselling: '心', course: '学', event: '活', childcare: '托', sanatorium: '休' };

// What a visitor who is not (yet) a member sees: what the union offers, and how to get it.
const CATALOGUE: { kind: ServiceKind; description: string }[] = [
  { kind: 'legal_aid', description: '劳动争议、拖欠工资、工伤认定，预约律师免费咨询。' },
  { kind: 'counselling', description: '一对一心理咨询与心灵驿站活动，说说心里话。' },
  { kind: 'course', description: '技能培训、夜校和云课堂，到场签到可积累技能提升积分。' },
  { kind: 'sanatorium', description: '工会组织的疗休养活动，按各工会名额报名。' },
  { kind: 'childcare', description: '为职工子女开办的暑期托管班，名额有限。' },
];

/** 普惠商户 are open to everyone to browse; the discount is given on the member code. */
function MerchantsEntry() {
  return (
    <View className="service card" hoverClass="service--pressed" ariaRole="button" ariaLabel="普惠商户" onClick={() => openPage(MERCHANTS_PAGE)}>
      <View className="service__icon">惠</View>
      <View className="service__body">
        <View className="service__head">
          <View className="service__title">普惠商户</View>
        </View>
        <View className="service__desc muted">附近的餐饮、手机维修、洗车、汽修、加油、住宿，凭会员码享优惠。</View>
      </View>
    </View>
  );
}

/** 暖心驿站 are public: anyone finds the nearest one, member or not. */
function StationsEntry() {
  return (
    <View className="service card" hoverClass="service--pressed" ariaRole="button" ariaLabel="暖心驿站" onClick={() => openPage(STATIONS_PAGE)}>
      <View className="service__icon">驿</View>
      <View className="service__body">
        <View className="service__head">
          <View className="service__title">暖心驿站</View>
        </View>
        <View className="service__desc muted">找附近的户外劳动者驿站：喝水、热饭、充电、歇脚。</View>
      </View>
    </View>
  );
}

/** 学习: tests of the member's union and the skill points they earn (members only). */
function LearningEntry() {
  return (
    <View className="service card" hoverClass="service--pressed" ariaRole="button" ariaLabel="学习" onClick={() => openPage(LEARNING_PAGE)}>
      <View className="service__icon">学</View>
      <View className="service__body">
        <View className="service__head">
          <View className="service__title">学习</View>
        </View>
        <View className="service__desc muted">劳动法律、交通安全、急救常识在线测试，学完可积累技能提升积分。</View>
      </View>
    </View>
  );
}

/** A service's name, wrapped only between words in big type. */
function ServiceTitle({ title }: { title: string }) {
  const words = betweenWords(title);
  return <View className={`service__title${words.split ? ' service__title--words' : ''}`}>{words.text}</View>;
}

type View_ = { kind: 'member'; services: Service[] } | { kind: 'visitor'; signedIn: boolean };

export default function ServicesPage() {
  const [kind, setKind] = useState<ServiceKind | 'all'>('all');
  const load = useRequest<View_>(async () => {
    if (!isSignedIn()) return { kind: 'visitor', signedIn: false };
    try {
      return { kind: 'member', services: await listServices(kind === 'all' ? undefined : kind) };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'members.not_member') return { kind: 'visitor', signedIn: true };
      throw error;
    }
  });
  const { run } = load;
  useDidShow(() => void run({ silent: true }));
  usePullDownRefresh(() => void run({ silent: true }).finally(() => Taro.stopPullDownRefresh()));

  const firstKind = useRef(true);
  useEffect(() => {
    if (firstKind.current) {
      firstKind.current = false;
      return;
    }
    void run();
  }, [kind, run]);
  const choose = (value: ServiceKind | 'all') => setKind(value);

  const { state } = load;
  return (
    <Screen className="services">
      {state.status === 'loading' || state.status === 'idle' ? <LoadingState text="正在加载服务…" /> : null}
      {state.status === 'error' ? <ErrorState message={state.error.message} onRetry={() => void run()} /> : null}
      {state.status === 'success' && state.data.kind === 'visitor' ? (
        <>
          <View className="services__intro muted">
            {state.data.signedIn ? '成为工会会员后，即可在这里预约以下服务。' : '登录后，会员可在这里预约以下服务。'}
          </View>
          <View className="services__list">
            {CATALOGUE.map((item) => (
              <View
                key={item.kind}
                className="service card"
                hoverClass="service--pressed"
                ariaRole="button"
                onClick={() => (state.data.kind === 'visitor' && state.data.signedIn ? openPage(JOIN_PAGE) : goToLogin())}
              >
                <View className="service__icon">{ICONS[item.kind]}</View>
                <View className="service__body">
                  <View className="service__title">{SERVICE_KIND_LABELS[item.kind]}</View>
                  <View className="service__desc muted">{item.description}</View>
                </View>
              </View>
            ))}
            <MerchantsEntry />
            <StationsEntry />
          </View>
        </>
      ) : null}
      {state.status === 'success' && state.data.kind === 'member' ? (
        <>
          <View className="section">
            <View className="card services__mine" hoverClass="service--pressed" ariaRole="button" onClick={() => openPage(MY_BOOKINGS_PAGE)}>
              <View className="services__mine-title">我的预约</View>
              <View className="muted">查看预约码、候补进度，或取消预约 ›</View>
            </View>
          </View>
          <View className="section services__list">
            <LearningEntry />
            <StationsEntry />
            <MerchantsEntry />
          </View>
          <View className="section">
            <Chips
              label="服务类别"
              options={[{ value: 'all' as const, label: '全部' }, ...SERVICE_KINDS.map((k) => ({ value: k, label: SERVICE_KIND_LABELS[k] }))]}
              selected={kind}
              onSelect={choose}
            />
          </View>
          {state.data.services.length === 0 ? (
            <EmptyState title="暂时没有可预约的服务" description="所在工会发布服务后会出现在这里，可下拉刷新。" />
          ) : (
            <View className="services__list">
              {state.data.services.map((s) => (
                <View
                  key={s.id}
                  className="service card"
                  hoverClass="service--pressed"
                  ariaRole="button"
                  onClick={() => openPage(`${SERVICE_DETAIL_PAGE}?id=${s.id}`)}
                >
                  <View className="service__icon">{ICONS[s.kind]}</View>
                  <View className="service__body">
                    <View className="service__head">
                      <ServiceTitle title={s.title} />
                      <View className="tag tag--primary service__badge">{SERVICE_KIND_LABELS[s.kind]}</View>
                    </View>
                    <View className="service__desc muted">
                      {s.orgName} · {s.place.address}
                    </View>
                    <View className="service__desc">{s.nextSlotAt ? `最近场次 ${formatDateTime(s.nextSlotAt)}` : '暂无可预约时段'}</View>
                  </View>
                </View>
              ))}
            </View>
          )}
        </>
      ) : null}
    </Screen>
  );
}
