import { useEffect, useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { serviceInputSchema, servicePatchSchema, type MeResponse, type Org, type Service, type Slot } from '@union/shared';
import { fetchMe } from '../../../api/auth';
import { toApiError } from '../../../api/errors';
import { createService, getManagedService, listManagedSlots, updateService } from '../../../api/services-admin';
import { getStation } from '../../../api/stations';
import { fetchStaffOrgs } from '../../../api/staff';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { useRequest } from '../../../hooks/use-request';
import { STAFF_SERVICE_EDIT_PAGE } from '../../../lib/navigation';
import type { FormErrors, ServiceDraft } from './service-form';

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

/**
 * 新建服务 / 编辑服务's state: the service (or none yet) and the staffer's unions, the draft made from them once they
 * load, its slots, and saving and 上架/下架.
 */
export function useServiceEdit(id: string) {
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

  const data = page.state.status === 'success' ? page.state.data : null;
  const unions = data ? unionsOf(data.me) : [];

  // The form is made once, from the first load (later loads and saves leave what is typed alone); an existing
  // service's slots load with it.
  const hasDraft = draft !== null;
  const firstOrgId = unions[0]?.orgId;
  const { run: loadSlots } = slots;
  useEffect(() => {
    if (!data || hasDraft) return;
    if (data.service) setDraft(draftOf(data.service));
    else if (firstOrgId !== undefined) setDraft(emptyDraft(firstOrgId));
    if (id) void loadSlots();
  }, [data, hasDraft, firstOrgId, id, loadSlots]);

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
      const { confirm } = await Taro.showModal({
        title: '下架这项服务？',
        content: '下架后会员看不到它，已有的预约保留。',
        confirmText: '下架',
        cancelText: '暂不',
      });
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

  return { page, returnTo, data, unions, slots, draft, errors, busy, toggling, change, save, toggleActive };
}

/** 可预约的会员: any union this staffer covers (the server checks the same scope), loaded when the sheet first opens. */
export function useEligiblePicker() {
  const [picking, setPicking] = useState(false);
  const [orgQuery, setOrgQuery] = useState('');
  const staffOrgs = useRequest(fetchStaffOrgs);
  const { run: loadStaffOrgs } = staffOrgs;
  const staffOrgsStatus = staffOrgs.state.status;
  // The status leaves 'idle' on that first load and never returns to it.
  useEffect(() => {
    if (picking && staffOrgsStatus === 'idle') void loadStaffOrgs();
  }, [picking, staffOrgsStatus, loadStaffOrgs]);

  const pickable = useMemo(() => {
    if (staffOrgs.state.status !== 'success') return staffOrgs.state;
    const q = orgQuery.trim();
    const items: Org[] = staffOrgs.state.data
      .filter((o) => !q || o.name.includes(q))
      .slice(0, 50)
      .map((o) => ({ id: o.id, name: o.name, kind: o.kind, code: '', parentId: null, regionCode: '', acceptsUnaffiliated: false, address: null }));
    return { status: 'success' as const, data: items };
  }, [staffOrgs.state, orgQuery]);
  return { picking, setPicking, orgQuery, setOrgQuery, pickable, retry: () => void loadStaffOrgs() };
}
