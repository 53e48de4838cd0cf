import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { CLASS_SERVICE_KIND } from '@union/shared';
import ActionButton from '../../../components/ActionButton';
import FooterBar from '../../../components/FooterBar';
import OrgPicker from '../../../components/OrgPicker';
import PlaceSearch from '../../../components/PlaceSearch';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import Sheet from '../../../components/Sheet';
import { usePlaceSearch } from '../../../hooks/use-place-search';
import ClassPanel from './class-panel';
import ServiceForm from './service-form';
import SlotsPanel from './slots-panel';
import { useEligiblePicker, useServiceEdit } from './use-service-edit';
import './index.scss';

/** 新建服务 / 编辑服务: the service's fields and, once it exists, its slots. */
export default function ServiceEditPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { page, returnTo, data, unions, slots, draft, errors, busy, toggling, change, save, toggleActive } = useServiceEdit(id);
  const [pickingStation, setPickingStation] = useState(false);
  const stationSearch = usePlaceSearch('station', pickingStation);
  const eligible = useEligiblePicker();

  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后管理服务', description: '使用工会管理员或运营人员的手机号登录。', returnTo },
    // Loaded, but the form is not made from it yet: still loading.
    state: data && !draft && unions.length > 0 ? { status: 'loading' } : page.state,
    onRetry: () => void page.run(),
    errorTitle: (error) => (error.status === 404 ? '未找到该服务' : '加载失败'),
    noUnions: !draft || unions.length === 0,
    noUnionsText: { title: '没有管理服务的权限', description: '创建和编辑服务需要工会管理员或运营权限，请联系上级工会开通。' },
  });
  if (gate || !draft) return gate;

  const service = data!.service;
  const ownerName = service?.orgName ?? unions.find((u) => u.orgId === draft.orgId)?.orgName ?? '';
  return (
    <Screen withFooter={!service} className="service-edit">
      <View className="section">
        {service ? (
          <View className="service-edit__status">
            <View className={`tag ${service.active ? 'tag--success' : 'tag--warn'}`}>{service.active ? '会员可见' : '已下架'}</View>
            <View className="service-edit__toggle" hoverClass="service-edit__toggle--pressed" ariaRole="button" onClick={() => void toggleActive()}>
              {toggling ? '处理中…' : service.active ? '下架' : '重新上架'}
            </View>
          </View>
        ) : null}
        <ServiceForm
          draft={draft}
          onChange={change}
          errors={errors}
          unions={service ? null : unions}
          ownerName={ownerName}
          onPickStation={() => {
            stationSearch.setQuery('');
            setPickingStation(true);
          }}
          onPickEligible={() => {
            eligible.setOrgQuery('');
            eligible.setPicking(true);
          }}
        />
        {service ? (
          <ActionButton className="service-edit__save" loading={busy} loadingText="正在保存…" onClick={() => void save()}>
            保存修改
          </ActionButton>
        ) : null}
        {service && errors.form ? (
          <View className="service-edit__error" ariaRole="alert">
            {errors.form}
          </View>
        ) : null}
      </View>

      {service ? (
        <View className="section">
          <SlotsPanel
            serviceId={service.id}
            slots={slots.state}
            onRetry={() => void slots.run()}
            onAdded={(created) => {
              void Taro.showToast({ title: `已添加 ${created} 个时段`, icon: 'none', duration: 2000 });
              void slots.run({ silent: true });
            }}
            onCancelled={(notified) => {
              void Taro.showToast({ title: notified > 0 ? `时段已取消，已通知 ${notified} 人` : '时段已取消', icon: 'none', duration: 2000 });
              void slots.run({ silent: true });
            }}
          />
        </View>
      ) : null}

      {service && service.kind === CLASS_SERVICE_KIND ? <ClassPanel serviceId={service.id} /> : null}

      <Sheet open={eligible.picking} title="可预约的会员" onClose={() => eligible.setPicking(false)}>
        <View className="service-edit__sheet-hint">选择一个工会：它和它下级工会的会员可以预约。</View>
        <OrgPicker
          query={eligible.orgQuery}
          onQuery={eligible.setOrgQuery}
          placeholder="搜索工会名称"
          state={eligible.pickable}
          onRetry={eligible.retry}
          selectedId={draft.eligibleOrg?.id ?? draft.orgId}
          emptyHint="只能选择您负责的工会及其下级工会。"
          onPick={(org) => {
            change({ eligibleOrg: org.id === draft.orgId ? null : { id: org.id, name: org.name } });
            eligible.setPicking(false);
          }}
        />
      </Sheet>

      <Sheet open={pickingStation} title="选择驿站" onClose={() => setPickingStation(false)}>
        <PlaceSearch
          search={stationSearch}
          noun="驿站"
          isPicked={(p) => p.id === draft.stationId}
          emptyHint="换个关键词试试；只能选择您负责的工会名下的驿站，没有合适的可改为“填写地址”。"
          onPick={(p) => {
            change({ stationId: p.id, stationName: p.name, address: p.address ?? '' });
            setPickingStation(false);
          }}
        />
      </Sheet>

      {!service ? (
        <FooterBar>
          {errors.form ? (
            <View className="service-edit__error" ariaRole="alert">
              {errors.form}
            </View>
          ) : null}
          <ActionButton loading={busy} loadingText="正在创建…" onClick={() => void save()}>
            创建服务
          </ActionButton>
        </FooterBar>
      ) : null}
    </Screen>
  );
}
