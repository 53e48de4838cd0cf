import { useEffect, useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { campaignInputSchema, type BenefitKind, type BenefitPeriod, type OrgSettings, type PlaceKind, type PlaceOption } from '@union/shared';
import { createCampaign } from '../../../api/benefits';
import { fetchStaffOrgs } from '../../../api/staff';
import { usePlaceSearch } from '../../../hooks/use-place-search';
import { useRequest } from '../../../hooks/use-request';
import { STAFF_CAMPAIGN_PAGE } from '../../../lib/navigation';
import { issueOf } from '../../../lib/validation';
import { VOUCHER_USES_DEFAULT, campaignWindow, checkVoucherTerms, numberOrUndefined } from './campaign-form';
import type { CampaignErrors, CampaignFields } from './use-campaign-fields';

export type CampaignUnion = { orgId: string; orgName: string };

/** 创建福利活动: everything fixed once created (who runs it, kind, window, who may claim, where, how), and the create. */
export function useCreateCampaign(fields: CampaignFields, unions: CampaignUnion[], searchPlaces: boolean) {
  const [orgId, setOrgId] = useState('');
  const [kind, setKind] = useState<BenefitKind>('gift');
  const [period, setPeriod] = useState<BenefitPeriod>('once');
  const [startDate, setStartDate] = useState<string | null>(null);
  const [days, setDays] = useState('30');
  const [eligible, setEligible] = useState<{ id: string; name: string } | null>(null);
  const [placeKind, setPlaceKind] = useState<PlaceKind>('station');
  const [places, setPlaces] = useState<PlaceOption[]>([]);
  const [rotating, setRotating] = useState('any');
  const [distance, setDistance] = useState('');
  const [validDays, setValidDays] = useState('');
  const [voucherValue, setVoucherValue] = useState('');
  const [voucherUses, setVoucherUses] = useState(VOUCHER_USES_DEFAULT);
  /** 积分商城: a voucher priced in points is exchanged in the app, not claimed by scanning (no code or distance rules). */
  const [pointsPrice, setPointsPrice] = useState('');

  // Once the unions arrive, the first is chosen unless one already is (afterwards orgId is never empty again).
  const firstOrgId = unions[0]?.orgId;
  const firstOrgName = unions[0]?.orgName;
  useEffect(() => {
    if (!orgId && firstOrgId !== undefined) {
      setOrgId(firstOrgId);
      setEligible((e) => e ?? { id: firstOrgId, name: firstOrgName ?? '' });
    }
  }, [orgId, firstOrgId, firstOrgName]);

  const placeSearch = usePlaceSearch(placeKind, searchPlaces);
  const eligibleOrgs = useEligibleOrgs();

  function togglePlace(p: PlaceOption) {
    fields.clear('places');
    setPlaces((list) => (list.some((x) => x.kind === p.kind && x.id === p.id) ? list.filter((x) => !(x.kind === p.kind && x.id === p.id)) : [...list, p]));
  }

  async function submit() {
    if (fields.busy) return;
    const { shape } = campaignInputSchema;
    const { startsAt, endsAt } = campaignWindow(startDate, Number(days));
    const voucher = kind === 'voucher';
    const terms = checkVoucherTerms(voucherValue, voucherUses);
    const price = voucher ? numberOrUndefined(pointsPrice) : undefined;
    const input = {
      orgId,
      title: fields.title.trim(),
      description: fields.description.trim() === '' ? undefined : fields.description,
      kind,
      quota: numberOrUndefined(fields.quota),
      period,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      eligibleOrgId: eligible?.id ?? '',
      places: places.map((p) => ({ kind: p.kind, id: p.id })),
      requiresRotatingCode: price === undefined && rotating === 'rotating',
      maxDistanceMeters: price === undefined ? numberOrUndefined(distance) : undefined,
      voucherValidDays: voucher ? numberOrUndefined(validDays) : undefined,
      ...(voucher ? terms.input : {}),
      pointsPrice: price,
    };
    // The shared schema's own rules and messages, field by field; the server checks the rest.
    const next: CampaignErrors = {
      orgId: issueOf(shape.orgId, input.orgId),
      title: issueOf(shape.title, input.title),
      description: input.description === undefined ? undefined : issueOf(shape.description, input.description),
      quota: issueOf(shape.quota, input.quota),
      eligibleOrgId: issueOf(shape.eligibleOrgId, input.eligibleOrgId),
      places: issueOf(shape.places, input.places),
      maxDistanceMeters: issueOf(shape.maxDistanceMeters, input.maxDistanceMeters),
      voucherValidDays: issueOf(shape.voucherValidDays, input.voucherValidDays),
      ...(voucher ? terms.errors : {}),
      pointsPrice: issueOf(shape.pointsPrice, input.pointsPrice),
    };
    fields.setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    fields.setBusy(true);
    try {
      const created = await createCampaign({ ...input, quota: input.quota ?? 0 });
      void Taro.showToast({ title: '福利活动已创建', icon: 'success' });
      await Taro.redirectTo({ url: `${STAFF_CAMPAIGN_PAGE}?id=${created.id}` });
    } catch (error) {
      fields.refused(error);
    } finally {
      fields.setBusy(false);
    }
  }

  return {
    orgId,
    setOrgId,
    kind,
    setKind,
    period,
    setPeriod,
    startDate,
    setStartDate,
    days,
    setDays,
    eligible,
    setEligible,
    placeKind,
    setPlaceKind,
    places,
    togglePlace,
    rotating,
    setRotating,
    distance,
    setDistance,
    validDays,
    setValidDays,
    voucherValue,
    setVoucherValue,
    voucherUses,
    setVoucherUses,
    pointsPrice,
    setPointsPrice,
    placeSearch,
    eligibleOrgs,
    submit,
  };
}

export type CreateCampaign = ReturnType<typeof useCreateCampaign>;

/** 可领取的会员: the unions in this account's scope, loaded when the sheet first opens, filtered as typed. */
function useEligibleOrgs() {
  const [picking, setPicking] = useState(false);
  const [query, setQuery] = useState('');
  const scopeOrgs = useRequest<OrgSettings[]>(fetchStaffOrgs);
  const { run: loadScope } = scopeOrgs;
  const scopeStatus = scopeOrgs.state.status;
  // Loads once, when the sheet first opens: the status leaves 'idle' then and never returns to it.
  useEffect(() => {
    if (picking && scopeStatus === 'idle') void loadScope();
  }, [picking, scopeStatus, loadScope]);
  const matches = useMemo(() => {
    if (scopeOrgs.state.status !== 'success') return scopeOrgs.state;
    const q = query.trim();
    return { status: 'success' as const, data: q ? scopeOrgs.state.data.filter((o) => o.name.includes(q)) : scopeOrgs.state.data };
  }, [scopeOrgs.state, query]);
  return { picking, setPicking, query, setQuery, matches, retry: () => void loadScope() };
}
