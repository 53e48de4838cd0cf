import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { MERCHANT_CATEGORY_LABELS, type MerchantAdmin, type OrgSettings } from '@union/shared';
import { fetchManagedMerchants } from '../../../api/merchants';
import { fetchStaffOrgs } from '../../../api/staff';
import ActionButton from '../../../components/ActionButton';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { STAFF_MERCHANTS_PAGE } from '../../../lib/navigation';
import ClerksSheet from './clerks-sheet';
import MerchantSheet from './merchant-sheet';
import './index.scss';

interface MerchantsView {
  items: MerchantAdmin[];
  nextOffset: number | null;
  orgs: OrgSettings[];
}

/** 普惠商户管理: the merchants the admin's unions signed; sign up one, edit one, invite and manage its clerks. */
export default function StaffMerchantsPage() {
  const [search, setSearch] = useState('');
  // What the list was searched for: read by the loader, shown in the empty state.
  const query = useRef('');
  const [more, setMore] = useState<{ items: MerchantAdmin[]; nextOffset: number | null } | null>(null);
  const page = useAuthedRequest<MerchantsView>(async () => {
    const [list, orgs] = await Promise.all([fetchManagedMerchants({ q: query.current || undefined }), fetchStaffOrgs()]);
    setMore(null);
    return { ...list, orgs };
  }, STAFF_MERCHANTS_PAGE);
  const [editing, setEditing] = useState<MerchantAdmin | 'new' | null>(null);
  const [clerksOf, setClerksOf] = useState<MerchantAdmin | null>(null);

  usePullDownRefresh(() => {
    void page.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后管理普惠商户', description: '使用工会管理员的手机号登录。', returnTo: STAFF_MERCHANTS_PAGE },
  });
  if (gate) return gate;

  const data = page.state.status === 'success' ? page.state.data : null;
  const items = [...(data?.items ?? []), ...(more?.items ?? [])];
  const nextOffset = more ? more.nextOffset : (data?.nextOffset ?? null);

  async function loadMore() {
    if (nextOffset === null) return;
    const next = await fetchManagedMerchants({ q: query.current || undefined, offset: nextOffset });
    setMore((m) => ({ items: [...(m?.items ?? []), ...next.items], nextOffset: next.nextOffset }));
  }

  function find() {
    query.current = search.trim();
    void page.run();
  }

  return (
    <Screen className="staff-merchants">
      <View className="section">
        <ActionButton onClick={() => setEditing('new')} disabled={!data}>
          签约新商户
        </ActionButton>
        <View className="staff-merchants__search">
          <View className="form-field__row staff-merchants__search-row">
            <Input
              className="form-field__input"
              value={search}
              placeholder="按名称或地址查找"
              placeholderClass="form-field__placeholder"
              ariaLabel="查找商户"
              confirmType="search"
              onInput={(e) => setSearch(e.detail.value)}
              onConfirm={find}
            />
          </View>
          <ActionButton variant="secondary" size="small" block={false} onClick={find}>
            查找
          </ActionButton>
        </View>
        <RequestStatus
          state={page.state}
          loadingText="正在加载商户…"
          errorTitle={(error) => (error.status === 403 ? '只有工会管理员可以管理普惠商户' : '商户加载失败')}
          onRetry={() => void page.run()}
        />
        {data && items.length === 0 ? (
          <EmptyState
            title={query.current ? `没有找到“${query.current}”` : '还没有签约的商户'}
            description={query.current ? '换个名称或地址试试。' : '点上面的「签约新商户」添加。'}
          />
        ) : null}
        {items.map((m) => (
          <View key={m.id} className={`card staff-merchant ${m.active ? '' : 'staff-merchant--off'}`} data-id={m.id}>
            <View className="staff-merchant__head">
              <View className="staff-merchant__name">{m.name}</View>
              <View className="tag">{MERCHANT_CATEGORY_LABELS[m.category]}</View>
              {m.active ? null : <View className="tag tag--warn">已下架</View>}
            </View>
            <View className="staff-merchant__discount">会员优惠：{m.discount}</View>
            <View className="muted">{m.address}</View>
            {m.hours ? <View className="muted">营业时间：{m.hours}</View> : null}
            <View className="muted">
              {m.orgName} · 店员 {m.clerks} 人{m.invited ? ` · 待接受邀请 ${m.invited}` : ''}
            </View>
            <View className="staff-merchant__actions">
              <ActionButton variant="secondary" size="small" block={false} onClick={() => setEditing(m)}>
                编辑
              </ActionButton>
              <ActionButton variant="secondary" size="small" block={false} onClick={() => setClerksOf(m)}>
                店员
              </ActionButton>
            </View>
          </View>
        ))}
        {nextOffset !== null ? (
          <ActionButton variant="text" onClick={() => void loadMore()}>
            加载更多
          </ActionButton>
        ) : null}
      </View>
      {editing && data ? (
        <MerchantSheet
          merchant={editing === 'new' ? null : editing}
          orgs={data.orgs}
          onClose={() => setEditing(null)}
          onSaved={(message) => {
            setEditing(null);
            void Taro.showToast({ title: message, icon: 'none', duration: 2000 });
            void page.run({ silent: true });
          }}
        />
      ) : null}
      {clerksOf ? <ClerksSheet merchant={clerksOf} onClose={() => setClerksOf(null)} onChanged={() => void page.run({ silent: true })} /> : null}
    </Screen>
  );
}
