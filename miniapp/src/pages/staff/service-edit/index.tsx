import { useEffect, useMemo, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { serviceInputSchema, servicePatchSchema, type MeResponse, type Org, type Service, type Slot } from '@union/shared';
import { fetchMe } from '../../../api/auth';
import { toApiError } from '../../../api/errors';
import { createService, getManagedService, listManagedSlots, updateService } from '../../../api/services-admin';
import { getStation } from '../../../api/stations';
import { fetchStaffOrgs } from '../../../api/staff';
import ActionButton from '../../../components/ActionButton';
import FooterBar from '../../../components/FooterBar';
import OrgPicker from '../../../components/OrgPicker';
import PlaceSearch from '../../../components/PlaceSearch';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import Sheet from '../../../components/Sheet';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { usePlaceSearch } from '../../../hooks/use-place-search';
import { useRequest } from '../../../hooks/use-request';
import { STAFF_SERVICE_EDIT_PAGE } from '../../../lib/navigation';
import ServiceForm, { type FormErrors, type ServiceDraft } from './service-form';
import SlotsPanel from './slots-panel';
import './index.scss';

/** The unions this staffer may set services up for: each admin or operator grant's union once. */
function unionsOf(me: MeResponse): { orgId: string; orgName: string }[] {
  const seen = new Map<string, string>();
  for (const g of me.grants) if ((g.role === 'admin' || g.role === 'operator') && !seen.has(g.orgId)) seen.set(g.orgId, g.orgName);
  return [...seen].map(([orgId, orgName]) => ({ orgId, orgName }));
}

const emptyDraft = (orgId: string): ServiceDraft => ({
  orgId,
  kind: 'legal_aid',
  title: '',
  description: '',
  placeMode: 'address',
  stationId: null,
  stationName: null,
  address: '',
  eligibleOrg: null,
  limitCount: '1',
  limitPeriod: null,
  promotion: 'direct',
  offerHoldMinutes: '30',
  cancelCutoffMinutes: 120,
  noShowLimit: 3,
  allowOverlap: false,
});

function draftOf(s: Service): ServiceDraft {
  return {
    orgId: s.orgId,
    kind: s.kind,
    title: s.title,
    description: s.description,
    placeMode: s.place.stationId ? 'station' : 'address',
    stationId: s.place.stationId,
    stationName: null,
    address: s.place.address,
    eligibleOrg: s.eligibleOrgId === s.orgId ? null : { id: s.eligibleOrgId, name: s.eligibleOrgName },
    limitCount: String(s.perMemberLimit?.count ?? 1),
    limitPeriod: s.perMemberLimit?.period ?? null,
    promotion: s.promotion,
    offerHoldMinutes: String(s.offerHoldMinutes),
    cancelCutoffMinutes: s.cancelCutoffMinutes,
    noShowLimit: s.noShowLimit,
    allowOverlap: s.allowOverlap,
  };
}

/** The body the shared schemas check: the same for POST and (without kind and union) PATCH. */
function bodyOf(d: ServiceDraft) {
  return {
    title: d.title.trim(),
    description: d.description.trim(),
    place: { stationId: d.placeMode === 'station' ? d.stationId : null, address: d.address.trim() },
    eligibleOrgId: d.eligibleOrg?.id ?? d.orgId,
    perMemberLimit: d.limitPeriod ? { count: Number(d.limitCount || NaN), period: d.limitPeriod } : null,
    allowOverlap: d.allowOverlap,
    cancelCutoffMinutes: d.cancelCutoffMinutes,
    promotion: d.promotion,
    ...(d.promotion === 'offer' ? { offerHoldMinutes: Number(d.offerHoldMinutes || NaN) } : {}),
    noShowLimit: d.noShowLimit,
  };
}

/** Chinese words for the schema's number rules, which carry zod's generic wording. */
const NUMBER_MESSAGES: Record<string, string> = {
  'perMemberLimit.count': '次数应为 1-100 的整数',
  offerHoldMinutes: '保留时间应为 5-1440 分钟',
};

function issuesToErrors(issues: { path: PropertyKey[]; message: string }[]): FormErrors {
  const out: FormErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || 'form';
    out[key] ??= NUMBER_MESSAGES[key] ?? issue.message;
  }
  return out;
}

/** 新建服务 / 编辑服务: the service's fields and, once it exists, its slots. */
export default function ServiceEditPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const returnTo = id ? `${STAFF_SERVICE_EDIT_PAGE}?id=${id}` : STAFF_SERVICE_EDIT_PAGE;
  const page = useAuthedRequest(async () => {
    const me = await fetchMe();
    const service = id ? await getManagedService(id) : null;
    return { me, service };
  }, returnTo);
  const slots = useRequest<Slot[]>(() => listManagedSlots(id));
  const [draft, setDraft] = useState<ServiceDraft | null>(null);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const [toggling, setToggling] = useState(false);
  const [pickingStation, setPickingStation] = useState(false);
  const stationSearch = usePlaceSearch('station', pickingStation);
  // 可预约的会员: any union this staffer covers (the server checks the same scope).
  const [picking, setPicking] = useState(false);
  const [orgQuery, setOrgQuery] = useState('');
  const staffOrgs = useRequest(fetchStaffOrgs);

  const data = page.state.status === 'success' ? page.state.data : null;
  const unions = data ? unionsOf(data.me) : [];

  useEffect(() => {
    if (!data || draft) return;
    if (data.service) setDraft(draftOf(data.service));
    else if (unions[0]) setDraft(emptyDraft(unions[0].orgId));
    if (id) void slots.run();
  }, [data]);

  // An existing service names only its station's id: its name comes from the station itself, wherever it is in the list.
  const stationId = draft?.stationId ?? null;
  const stationNameKnown = draft?.stationName != null;
  useEffect(() => {
    if (!stationId || stationNameKnown) return undefined;
    let current = true;
    getStation(stationId).then(
      (s) => current && setDraft((d) => (d && d.stationId === s.id ? { ...d, stationName: s.name } : d)),
      () => undefined, // The form still shows 当前驿站 and its address.
    );
    return () => {
      current = false;
    };
  }, [stationId, stationNameKnown]);

  useEffect(() => {
    if (picking && staffOrgs.state.status === 'idle') void staffOrgs.run();
  }, [picking]);

  const pickable = useMemo(() => {
    if (staffOrgs.state.status !== 'success') return staffOrgs.state;
    const q = orgQuery.trim();
    const items: Org[] = staffOrgs.state.data
      .filter((o) => !q || o.name.includes(q))
      .slice(0, 50)
      .map((o) => ({ id: o.id, name: o.name, kind: o.kind, code: '', parentId: null, regionCode: '', acceptsUnaffiliated: false, address: null }));
    return { status: 'success' as const, data: items };
  }, [staffOrgs.state, orgQuery]);

  function change(patch: Partial<ServiceDraft>) {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setErrors((e) => {
      const next: FormErrors = { ...e, form: undefined };
      for (const key of Object.keys(patch)) {
        for (const field of Object.keys(next)) if (field === key || field.startsWith(`${key}.`)) next[field] = undefined;
      }
      if ('address' in patch || 'stationId' in patch || 'placeMode' in patch) {
        next['place.address'] = undefined;
        next['place.stationId'] = undefined;
        next.place = undefined;
      }
      if ('limitCount' in patch || 'limitPeriod' in patch) next['perMemberLimit.count'] = undefined;
      if ('eligibleOrg' in patch) next.eligibleOrgId = undefined;
      return next;
    });
  }

  async function save() {
    if (!draft || busy) return;
    if (draft.placeMode === 'station' && !draft.stationId) {
      setErrors({ 'place.stationId': '请选择一个驿站，或改为填写地址' });
      return;
    }
    const body = bodyOf(draft);
    const parsed = id ? servicePatchSchema.safeParse(body) : serviceInputSchema.safeParse({ ...body, kind: draft.kind, orgId: draft.orgId });
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      if (id) {
        const saved = await updateService(id, parsed.data);
        page.set({ me: data!.me, service: saved });
        void Taro.showToast({ title: '已保存', icon: 'success', duration: 1500 });
      } else {
        const created = await createService(parsed.data as Parameters<typeof createService>[0]);
        void Taro.showToast({ title: '已创建，请添加时段', icon: 'none', duration: 2000 });
        await Taro.redirectTo({ url: `${STAFF_SERVICE_EDIT_PAGE}?id=${encodeURIComponent(created.id)}` });
      }
    } catch (error) {
      const apiError = toApiError(error);
      setErrors({ [apiError.field ?? 'form']: apiError.message });
    } finally {
      setBusy(false);
    }
  }

  async function toggleActive() {
    if (!data?.service || toggling) return;
    const active = !data.service.active;
    if (!active) {
      const { confirm } = await Taro.showModal({ title: '下架这项服务？', content: '下架后会员看不到它，已有的预约保留。', confirmText: '下架', cancelText: '暂不' });
      if (!confirm) return;
    }
    setToggling(true);
    try {
      page.set({ me: data.me, service: await updateService(data.service.id, { active }) });
    } catch (error) {
      void Taro.showToast({ title: toApiError(error).message, icon: 'none', duration: 2500 });
    } finally {
      setToggling(false);
    }
  }

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
    <Screen withFooter={!service} className='service-edit'>
      <View className='section'>
        {service ? (
          <View className='service-edit__status'>
            <View className={`tag ${service.active ? 'tag--success' : 'tag--warn'}`}>{service.active ? '会员可见' : '已下架'}</View>
            <View className='service-edit__toggle' hoverClass='service-edit__toggle--pressed' ariaRole='button' onClick={() => void toggleActive()}>
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
            setOrgQuery('');
            setPicking(true);
          }}
        />
        {service ? (
          <ActionButton className='service-edit__save' loading={busy} loadingText='正在保存…' onClick={() => void save()}>
            保存修改
          </ActionButton>
        ) : null}
        {service && errors.form ? (
          <View className='service-edit__error' ariaRole='alert'>
            {errors.form}
          </View>
        ) : null}
      </View>

      {service ? (
        <View className='section'>
          <SlotsPanel
            serviceId={service.id}
            slots={slots.state}
            onRetry={() => void slots.run()}
            onAdded={(created) => {
              void Taro.showToast({ title: `已添加 ${created} 个时段`, icon: 'none', duration: 2000 });
              void slots.run({ silent: true });
            }}
          />
        </View>
      ) : null}

      <Sheet open={picking} title='可预约的会员' onClose={() => setPicking(false)}>
        <View className='service-edit__sheet-hint'>选择一个工会：它和它下级工会的会员可以预约。</View>
        <OrgPicker
          query={orgQuery}
          onQuery={setOrgQuery}
          placeholder='搜索工会名称'
          state={pickable}
          onRetry={() => void staffOrgs.run()}
          selectedId={draft.eligibleOrg?.id ?? draft.orgId}
          emptyHint='只能选择您负责的工会及其下级工会。'
          onPick={(org) => {
            change({ eligibleOrg: org.id === draft.orgId ? null : { id: org.id, name: org.name } });
            setPicking(false);
          }}
        />
      </Sheet>

      <Sheet open={pickingStation} title='选择驿站' onClose={() => setPickingStation(false)}>
        <PlaceSearch
          search={stationSearch}
          noun='驿站'
          isPicked={(p) => p.id === draft.stationId}
          emptyHint='换个关键词试试；只能选择您负责的工会名下的驿站，没有合适的可改为“填写地址”。'
          onPick={(p) => {
            change({ stationId: p.id, stationName: p.name, address: p.address ?? '' });
            setPickingStation(false);
          }}
        />
      </Sheet>

      {!service ? (
        <FooterBar>
          {errors.form ? (
            <View className='service-edit__error' ariaRole='alert'>
              {errors.form}
            </View>
          ) : null}
          <ActionButton loading={busy} loadingText='正在创建…' onClick={() => void save()}>
            创建服务
          </ActionButton>
        </FooterBar>
      ) : null}
    </Screen>
  );
}
