import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Textarea, View } from '@tarojs/components';
import { BENEFIT_KINDS, BENEFIT_PERIODS, campaignInputSchema, campaignUpdateSchema, DESCRIPTION_MAX, PLACE_KINDS, type CampaignDrain, type CampaignUpdateInput, type BenefitKind, type BenefitPeriod, type MeResponse, type OrgSettings, type PlaceKind, type PlaceOption } from '@union/shared';
import { fetchMe } from '../../../api/auth';
import { campaignDrain, createCampaign, updateCampaign } from '../../../api/benefits';
import { toApiError } from '../../../api/errors';
import { fetchStaffOrgs } from '../../../api/staff';
import Chips from '../../../components/Chips';
import FormField from '../../../components/FormField';
import OrgPicker from '../../../components/OrgPicker';
import PlaceSearch from '../../../components/PlaceSearch';
import Screen from '../../../components/Screen';
import Sheet from '../../../components/Sheet';
import { pageGate } from '../../../components/PageGate';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { usePlaceSearch } from '../../../hooks/use-place-search';
import { useRequest } from '../../../hooks/use-request';
import { formatDate, formatDateTime, inBeijing } from '../../../lib/dates';
import { STAFF_CAMPAIGN_NEW_PAGE, STAFF_CAMPAIGN_PAGE, safeDecode } from '../../../lib/navigation';
import { issueOf } from '../../../lib/validation';
import { CAMPAIGN_KIND_LABELS, CAMPAIGN_PERIOD_LABELS, InfoRow, PLACE_KIND_LABELS, campaignPlaceLabel, voucherValidityText } from '../campaign-parts';
import { campaignWindow, endAfterDay, fieldOf, lastDayOf, type CampaignField } from './campaign-form';
import { DayRow, NumberRow, SubmitFooter } from './form-parts';
import './index.scss';

const DURATIONS = [
  { value: '1', label: '1天' },
  { value: '7', label: '7天' },
  { value: '30', label: '30天' },
  { value: '90', label: '90天' },
];
const CODE_OPTIONS = [
  { value: 'rotating', label: '仅动态码' },
  { value: 'any', label: '海报码也可' },
];

type Field = CampaignField;
type Errors = Partial<Record<Field | 'form', string>>;

/** The unions this account may run campaigns for (admin or operator grants), each once. */
function campaignUnions(me: MeResponse): { orgId: string; orgName: string }[] {
  const seen = new Map<string, string>();
  for (const g of me.grants) if ((g.role === 'admin' || g.role === 'operator') && !seen.has(g.orgId)) seen.set(g.orgId, g.orgName);
  return [...seen].map(([orgId, orgName]) => ({ orgId, orgName }));
}

const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

/**
 * 创建福利活动, or with `?id=` 修改福利活动: the same form, prefilled, offering only what may change once created
 * (name, description, end, total). Kind, per-member limit, eligibility, places and code rules are shown, not editable.
 */
export default function NewCampaignPage() {
  const router = useRouter();
  const editId = safeDecode(router.params.id) ?? '';
  const editing = editId !== '';
  const here = editing ? `${STAFF_CAMPAIGN_NEW_PAGE}?id=${encodeURIComponent(editId)}` : STAFF_CAMPAIGN_NEW_PAGE;
  const me = useAuthedRequest(async () => ({ me: await fetchMe(), campaign: editing ? await campaignDrain(editId) : null }), here);
  const [orgId, setOrgId] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [lastDay, setLastDay] = useState<string | null>(null);
  const [kind, setKind] = useState<BenefitKind>('gift');
  const [quota, setQuota] = useState('');
  const [period, setPeriod] = useState<BenefitPeriod>('once');
  const [startDate, setStartDate] = useState<string | null>(null);
  const [days, setDays] = useState('30');
  const [eligible, setEligible] = useState<{ id: string; name: string } | null>(null);
  const [placeKind, setPlaceKind] = useState<PlaceKind>('station');
  const [places, setPlaces] = useState<PlaceOption[]>([]);
  const [rotating, setRotating] = useState('any');
  const [distance, setDistance] = useState('');
  const [validDays, setValidDays] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);
  const [orgQuery, setOrgQuery] = useState('');

  const unions = me.state.status === 'success' ? campaignUnions(me.state.data.me) : [];
  const original: CampaignDrain | null = me.state.status === 'success' ? me.state.data.campaign : null;
  const prefilled = useRef(false);
  useEffect(() => {
    if (!original || prefilled.current) return;
    prefilled.current = true;
    setTitle(original.title);
    setDescription(original.description ?? '');
    setQuota(String(original.quota));
    void Taro.setNavigationBarTitle({ title: '修改福利活动' });
  }, [original]);
  useEffect(() => {
    if (!orgId && unions[0]) {
      setOrgId(unions[0].orgId);
      setEligible((e) => e ?? { id: unions[0]!.orgId, name: unions[0]!.orgName });
    }
  }, [unions.length]);

  const placeSearch = usePlaceSearch(placeKind, me.signedIn && me.state.status === 'success' && !editing);
  const scopeOrgs = useRequest<OrgSettings[]>(fetchStaffOrgs);
  useEffect(() => {
    if (picking && scopeOrgs.state.status === 'idle') void scopeOrgs.run();
  }, [picking]);
  const orgMatches = useMemo(() => {
    if (scopeOrgs.state.status !== 'success') return scopeOrgs.state;
    const q = orgQuery.trim();
    return { status: 'success' as const, data: q ? scopeOrgs.state.data.filter((o) => o.name.includes(q)) : scopeOrgs.state.data };
  }, [scopeOrgs.state, orgQuery]);

  const clear = (field: Field) => setErrors((x) => ({ ...x, [field]: undefined, form: undefined }));
  /** A field's new value: kept, and the message under that field (and the form's) goes. */
  const change = <T,>(set: (value: T) => void, field: Field) => (value: T) => {
    set(value);
    clear(field);
  };

  function togglePlace(p: PlaceOption) {
    clear('places');
    setPlaces((list) => (list.some((x) => x.kind === p.kind && x.id === p.id) ? list.filter((x) => !(x.kind === p.kind && x.id === p.id)) : [...list, p]));
  }

  /** Sends only what changed; the server keeps the quota at or above what has been claimed. */
  async function saveEdit(c: CampaignDrain) {
    const { shape } = campaignUpdateSchema;
    const changes: CampaignUpdateInput = {};
    if (title.trim() !== c.title) changes.title = title.trim();
    if (description.trim() !== (c.description ?? '')) changes.description = description;
    const total = numberOrUndefined(quota);
    if (total !== c.quota) changes.quota = total;
    if (lastDay !== null && lastDay !== lastDayOf(c.endsAt)) changes.endsAt = endAfterDay(lastDay).toISOString();
    const next: Errors = {
      title: changes.title === undefined ? undefined : issueOf(shape.title, changes.title),
      description: changes.description === undefined ? undefined : issueOf(shape.description, changes.description),
      // Required here as at creation: a cleared field is an error, not "unchanged".
      quota: issueOf(campaignInputSchema.shape.quota, total),
    };
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    if (Object.keys(changes).length === 0) {
      await Taro.navigateBack().catch(() => Taro.redirectTo({ url: `${STAFF_CAMPAIGN_PAGE}?id=${c.id}` }));
      return;
    }
    setBusy(true);
    try {
      await updateCampaign(c.id, changes);
      void Taro.showToast({ title: '已保存修改', icon: 'success' });
      await Taro.navigateBack().catch(() => Taro.redirectTo({ url: `${STAFF_CAMPAIGN_PAGE}?id=${c.id}` }));
    } catch (error) {
      const apiError = toApiError(error);
      const field = fieldOf(apiError.field);
      setErrors(field ? { [field]: apiError.message } : { form: apiError.message });
    } finally {
      setBusy(false);
    }
  }

  async function submit() {
    if (busy) return;
    if (original) return saveEdit(original);
    const { shape } = campaignInputSchema;
    const { startsAt, endsAt } = campaignWindow(startDate, Number(days));
    const input = {
      orgId,
      title: title.trim(),
      description: description.trim() === '' ? undefined : description,
      kind,
      quota: numberOrUndefined(quota),
      period,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      eligibleOrgId: eligible?.id ?? '',
      places: places.map((p) => ({ kind: p.kind, id: p.id })),
      requiresRotatingCode: rotating === 'rotating',
      maxDistanceMeters: numberOrUndefined(distance),
      voucherValidDays: kind === 'voucher' ? numberOrUndefined(validDays) : undefined,
    };
    // The shared schema's own rules and messages, field by field; the server checks the rest.
    const next: Errors = {
      orgId: issueOf(shape.orgId, input.orgId),
      title: issueOf(shape.title, input.title),
      description: input.description === undefined ? undefined : issueOf(shape.description, input.description),
      quota: issueOf(shape.quota, input.quota),
      eligibleOrgId: issueOf(shape.eligibleOrgId, input.eligibleOrgId),
      places: issueOf(shape.places, input.places),
      maxDistanceMeters: issueOf(shape.maxDistanceMeters, input.maxDistanceMeters),
      voucherValidDays: issueOf(shape.voucherValidDays, input.voucherValidDays),
    };
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    setBusy(true);
    try {
      const created = await createCampaign({ ...input, quota: input.quota ?? 0 });
      void Taro.showToast({ title: '福利活动已创建', icon: 'success' });
      await Taro.redirectTo({ url: `${STAFF_CAMPAIGN_PAGE}?id=${created.id}` });
    } catch (error) {
      const apiError = toApiError(error);
      const field = fieldOf(apiError.field);
      setErrors(field ? { [field]: apiError.message } : { form: apiError.message });
    } finally {
      setBusy(false);
    }
  }

  const titleField = (
    <FormField label='福利名称' error={errors.title}>
      <View className='form-field__row'>
        <Input
          className='form-field__input'
          value={title}
          maxlength={40}
          placeholder='如 夏送清凉 冰饮一瓶'
          placeholderClass='form-field__placeholder'
          ariaLabel='福利名称'
          onInput={(e) => {
            setTitle(e.detail.value);
            clear('title');
          }}
        />
      </View>
    </FormField>
  );
  const descriptionField = (
    <FormField label='福利说明（选填）' error={errors.description} help={`会员在福利列表里看到，可换行，${DESCRIPTION_MAX} 字以内`}>
      <View className='form-field__row campaign-new__description'>
        <Textarea
          className='form-field__input campaign-new__textarea'
          value={description}
          maxlength={DESCRIPTION_MAX}
          autoHeight
          placeholder='如 凭会员码领取冰饮一瓶，每天 10:00-16:00 发放'
          placeholderClass='form-field__placeholder'
          ariaLabel='福利说明'
          onInput={(e) => {
            setDescription(e.detail.value);
            clear('description');
          }}
        />
      </View>
    </FormField>
  );
  const quotaField = (help = '领完即止，不会多发') => (
    <FormField label='总数量' error={errors.quota} help={help}>
      <NumberRow
        label='总数量'
        unit='份'
        value={quota}
        placeholder='如 5000'
        onChange={change(setQuota, 'quota')}
      />
    </FormField>
  );

  /** The edit form: what may change, then what is fixed, shown as it is. */
  function editForm(c: CampaignDrain) {
    const day = lastDay ?? lastDayOf(c.endsAt);
    return (
      <Screen withFooter className='campaign-new'>
        <View className='section'>
          <View className='card'>
            {titleField}
            {descriptionField}
            {quotaField(c.claimed > 0 ? `已领 ${c.claimed} 份，总数量不能少于已领数量` : '可增加或减少')}
            <FormField label='最后领取日' error={errors.window} help={`领到 ${day} 24:00 为止；提前结束请用领取进度页的「提前结束」`}>
              <DayRow
                value={day}
                shown={formatDate(endAfterDay(day).subtract(1, 'millisecond'))}
                valueClassName='campaign-new__last-day'
                onPick={change(setLastDay, 'window')}
              />
            </FormField>
          </View>
          <View className='card info-list campaign-new__fixed'>
            <View className='campaign-new__fixed-note muted'>以下内容创建后不能修改；如需调整，请提前结束本活动后新建。</View>
            <InfoRow label='类型'>
              {CAMPAIGN_KIND_LABELS[c.kind]} · 每人{CAMPAIGN_PERIOD_LABELS[c.period]}
            </InfoRow>
            <InfoRow label='开始'>{formatDateTime(c.startsAt)}</InfoRow>
            {c.kind === 'voucher' ? <InfoRow label='券的有效期'>{voucherValidityText(c)}</InfoRow> : null}
            <InfoRow label='可领取'>{c.eligibleOrgName}及下级工会会员</InfoRow>
            <InfoRow label='领取地点'>{c.places.map(campaignPlaceLabel).join('、')}</InfoRow>
          </View>
        </View>
        <SubmitFooter error={errors.form} busy={busy} loadingText='正在保存…' onSubmit={() => void submit()}>
          保存修改
        </SubmitFooter>
      </Screen>
    );
  }

  const gate = pageGate({
    signedIn: me.signedIn,
    state: me.state,
    onRetry: () => void me.run(),
    signedOut: { title: editing ? '登录后修改福利活动' : '登录后创建福利活动', description: '使用工会管理员或运营人员的手机号登录。', returnTo: here },
    noUnions: unions.length === 0,
    noUnionsText: { title: '没有创建福利活动的权限', description: '创建福利活动需要工会管理员或运营人员权限，请联系上级工会开通。' },
  });
  if (gate) return gate;
  if (original) return editForm(original);

  const { startsAt, endsAt } = campaignWindow(startDate, Number(days));
  const picked = (p: PlaceOption) => places.some((x) => x.kind === p.kind && x.id === p.id);

  return (
    <Screen withFooter className='campaign-new'>
      <View className='section'>
        <View className='card'>
          <FormField label='举办工会' error={errors.orgId}>
            {unions.length === 1 ? (
              <View className='campaign-new__org'>{unions[0]!.orgName}</View>
            ) : (
              <Chips
                label='举办工会'
                options={unions.map((u) => ({ value: u.orgId, label: u.orgName }))}
                selected={orgId}
                onSelect={change(setOrgId, 'orgId')}
              />
            )}
          </FormField>

          {titleField}
          {descriptionField}

          <FormField label='福利类型' error={errors.kind}>
            <Chips label='福利类型' columns={3} options={BENEFIT_KINDS.map((k) => ({ value: k, label: CAMPAIGN_KIND_LABELS[k] }))} selected={kind} onSelect={setKind} />
          </FormField>

          {quotaField()}

          {kind === 'voucher' ? (
            <FormField
              label='券的有效期（选填）'
              error={errors.voucherValidDays}
              help={validDays ? `每张券自领取起 ${validDays} 天内有效，会员在“我的券”里看到有效期` : '不填则到活动结束时间为止有效；填写后每张券自领取起按天数计算'}
            >
              <NumberRow label='券的有效天数' unit='天' value={validDays} placeholder='至活动结束' onChange={change(setValidDays, 'voucherValidDays')} />
            </FormField>
          ) : null}

          <FormField label='每人限领' error={errors.period}>
            <Chips label='每人限领' columns={3} options={BENEFIT_PERIODS.map((p) => ({ value: p, label: CAMPAIGN_PERIOD_LABELS[p] }))} selected={period} onSelect={setPeriod} />
          </FormField>

          <FormField label='开始日期' error={errors.window}>
            <DayRow
              value={startDate ?? inBeijing().format('YYYY-MM-DD')}
              shown={startDate ? formatDate(startsAt) : '现在开始'}
              onPick={change(setStartDate, 'window')}
            />
          </FormField>

          <FormField label='持续时间' help={`到 ${formatDate(endsAt)} 零点结束`}>
            <Chips label='持续时间' columns={4} options={DURATIONS} selected={days} onSelect={change(setDays, 'window')} />
          </FormField>
        </View>

        <View className='card campaign-new__card'>
          <FormField label='可领取的会员' error={errors.eligibleOrgId} help='该工会及其下级工会的会员可以领取'>
            <View className='form-field__row' hoverClass='form-field__row--pressed' ariaRole='button' onClick={() => setPicking(true)}>
              <View className='form-field__value campaign-new__eligible'>{eligible?.name ?? '请选择工会'}</View>
              <View className='form-field__chevron'>更换 ›</View>
            </View>
          </FormField>

          <FormField label='领取地点' error={errors.places} help={places.length > 0 ? `已选 ${places.length} 个：${places.map((p) => p.name).join('、')}` : '可多选；会员在这些地点扫码领取'}>
            <Chips label='地点类型' columns={3} options={PLACE_KINDS.map((k) => ({ value: k, label: PLACE_KIND_LABELS[k] }))} selected={placeKind} onSelect={(k) => {
              setPlaceKind(k);
              placeSearch.setQuery('');
            }} />
            <PlaceSearch
              search={placeSearch}
              noun={PLACE_KIND_LABELS[placeKind]}
              multiple
              showOrg
              isPicked={picked}
              onPick={togglePlace}
              emptyHint='换个关键词，或换一种地点类型试试。'
            />
          </FormField>

          <FormField label='领取码' error={errors.requiresRotatingCode} help={rotating === 'rotating' ? '须扫工作人员手机上的动态码，截图无效，适合高价值福利' : '也可扫张贴的海报码'}>
            <Chips label='领取码' columns={2} options={CODE_OPTIONS} selected={rotating} onSelect={setRotating} />
          </FormField>

          <FormField label='距离限制（选填）' error={errors.maxDistanceMeters} help='填写后，会员须在地点这个距离内才能领取；活动没有登记位置，不能设置'>
            <NumberRow
              label='距离限制'
              unit='米'
              value={distance}
              placeholder='不限'
              onChange={change(setDistance, 'maxDistanceMeters')}
            />
          </FormField>
        </View>
      </View>

      <Sheet open={picking} title='可领取的会员' onClose={() => setPicking(false)}>
        <OrgPicker
          query={orgQuery}
          onQuery={setOrgQuery}
          placeholder='搜索工会名称'
          state={orgMatches}
          onRetry={() => void scopeOrgs.run()}
          onPick={(org) => {
            setEligible({ id: org.id, name: org.name });
            clear('eligibleOrgId');
            setPicking(false);
          }}
          selectedId={eligible?.id}
          emptyHint='只能选择您负责的工会及其下级工会。'
        />
      </Sheet>

      <SubmitFooter error={errors.form} busy={busy} loadingText='正在创建…' onSubmit={() => void submit()}>
        创建福利活动
      </SubmitFooter>
    </Screen>
  );
}
