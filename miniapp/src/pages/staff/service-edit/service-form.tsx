import { Input, Textarea, View } from '@tarojs/components';
import {
  LIMIT_PERIOD_LABELS,
  LIMIT_PERIODS,
  PROMOTION_MODE_LABELS,
  SERVICE_KIND_LABELS,
  SERVICE_KINDS,
  type LimitPeriod,
  type PromotionMode,
  type ServiceKind,
  type Station,
} from '@union/shared';
import Chips from '../../../components/Chips';
import FormField from '../../../components/FormField';
import { EmptyState, ErrorState, LoadingState } from '../../../components/StateView';
import type { RequestState } from '../../../hooks/use-request';
import { COUNT_INPUT } from '../../../lib/input-kinds';

/** What the form holds: text as typed, numbers as strings until sent. */
export interface ServiceDraft {
  orgId: string;
  kind: ServiceKind;
  title: string;
  description: string;
  placeMode: 'station' | 'address';
  stationId: string | null;
  address: string;
  /** null: the owning union and every union below it. */
  eligibleOrg: { id: string; name: string } | null;
  limitCount: string;
  limitPeriod: LimitPeriod | null;
  promotion: PromotionMode;
  offerHoldMinutes: string;
  cancelCutoffMinutes: number;
  noShowLimit: number | null;
  allowOverlap: boolean;
}

/** Field name as the server and the shared schema report it (`place.address`), or `form`. */
export type FormErrors = Partial<Record<string, string>>;

const CUTOFFS = [
  { value: '0', label: '开始前均可' },
  { value: '60', label: '提前1小时' },
  { value: '120', label: '提前2小时' },
  { value: '1440', label: '提前1天' },
];
const NO_SHOW_LIMITS = [
  { value: 'none', label: '不限制' },
  { value: '1', label: '1次' },
  { value: '2', label: '2次' },
  { value: '3', label: '3次' },
  { value: '5', label: '5次' },
];

interface ServiceFormProps {
  draft: ServiceDraft;
  onChange: (patch: Partial<ServiceDraft>) => void;
  errors: FormErrors;
  /** Creating: the unions this staffer may create for; editing: the union and kind are fixed. */
  unions: { orgId: string; orgName: string }[] | null;
  ownerName: string;
  stations: RequestState<Station[]>;
  onRetryStations: () => void;
  onPickEligible: () => void;
}

/** The service's own fields, driven by the shared serviceInputSchema: what, where, who, and its booking rules. */
export default function ServiceForm({ draft, onChange, errors, unions, ownerName, stations, onRetryStations, onPickEligible }: ServiceFormProps) {
  const stationList = stations.status === 'success' ? stations.data : [];
  return (
    <View className='card service-form'>
      {unions ? (
        <FormField label='所属工会' error={errors.orgId}>
          {unions.length === 1 ? (
            <View className='service-form__fixed'>{unions[0]!.orgName}</View>
          ) : (
            <Chips label='所属工会' options={unions.map((u) => ({ value: u.orgId, label: u.orgName }))} selected={draft.orgId} onSelect={(orgId) => onChange({ orgId, stationId: null, eligibleOrg: null })} />
          )}
        </FormField>
      ) : (
        <FormField label='所属工会'>
          <View className='service-form__fixed'>
            {ownerName} · {SERVICE_KIND_LABELS[draft.kind]}
          </View>
        </FormField>
      )}

      {unions ? (
        <FormField label='服务类型' error={errors.kind}>
          <Chips label='服务类型' columns={3} options={SERVICE_KINDS.map((k) => ({ value: k, label: SERVICE_KIND_LABELS[k] }))} selected={draft.kind} onSelect={(kind) => onChange({ kind })} />
        </FormField>
      ) : null}

      <FormField label='服务名称' error={errors.title}>
        <View className='form-field__row'>
          <Input
            className='form-field__input'
            value={draft.title}
            maxlength={60}
            placeholder='如 劳动争议法律咨询'
            placeholderClass='form-field__placeholder'
            ariaLabel='服务名称'
            onInput={(e) => onChange({ title: e.detail.value })}
          />
        </View>
      </FormField>

      <FormField label='服务介绍' error={errors.description} help='会员预约前会看到'>
        <View className='form-field__row service-form__area-row'>
          <Textarea
            className='service-form__area'
            value={draft.description}
            maxlength={1000}
            placeholder='服务内容、需要携带的材料等'
            placeholderClass='form-field__placeholder'
            ariaLabel='服务介绍'
            onInput={(e) => onChange({ description: e.detail.value })}
          />
        </View>
      </FormField>

      <FormField label='服务地点' error={errors['place.stationId'] ?? errors['place.address'] ?? errors.place}>
        <Chips
          label='服务地点'
          options={[
            { value: 'station', label: '暖心驿站' },
            { value: 'address', label: '填写地址' },
          ]}
          selected={draft.placeMode}
          onSelect={(placeMode) => onChange({ placeMode, stationId: placeMode === 'address' ? null : draft.stationId })}
        />
        {draft.placeMode === 'station' ? (
          <View className='service-form__stations'>
            {stations.status === 'idle' || stations.status === 'loading' ? <LoadingState text='正在加载本工会的驿站…' /> : null}
            {stations.status === 'error' ? <ErrorState title='驿站加载失败' message={stations.error.message} onRetry={onRetryStations} /> : null}
            {stations.status === 'success' && stationList.length === 0 && !draft.stationId ? <EmptyState title='本工会名下没有驿站' description='请改为“填写地址”。' /> : null}
            {/* The station chosen before, when it is not among those listed (another union's, or past the first 100). */}
            {draft.stationId && stations.status === 'success' && !stationList.some((s) => s.id === draft.stationId) ? (
              <View className='service-form__station service-form__station--on' ariaRole='radio' aria-checked>
                <View className='service-form__station-name'>✓ 当前驿站</View>
                <View className='service-form__station-address muted'>{draft.address}</View>
              </View>
            ) : null}
            {stationList.map((s) => (
              <View
                key={s.id}
                className={`service-form__station ${draft.stationId === s.id ? 'service-form__station--on' : ''}`}
                hoverClass='service-form__station--pressed'
                ariaRole='radio'
                aria-checked={draft.stationId === s.id}
                onClick={() => onChange({ stationId: s.id, address: s.address })}
              >
                <View className='service-form__station-name'>
                  {draft.stationId === s.id ? '✓ ' : ''}
                  {s.name}
                </View>
                <View className='service-form__station-address muted'>{s.address}</View>
              </View>
            ))}
          </View>
        ) : (
          <View className='form-field__row service-form__gap'>
            <Input
              className='form-field__input'
              value={draft.address}
              maxlength={120}
              placeholder='如 北京市西城区新街口外大街甲14号'
              placeholderClass='form-field__placeholder'
              ariaLabel='服务地址'
              onInput={(e) => onChange({ address: e.detail.value })}
            />
          </View>
        )}
      </FormField>

      <FormField label='可预约的会员' error={errors.eligibleOrgId}>
        <View className='form-field__row' hoverClass='form-field__row--pressed' ariaRole='button' onClick={onPickEligible}>
          <View className='form-field__value'>{draft.eligibleOrg ? `${draft.eligibleOrg.name}及下级工会的会员` : `${ownerName || '本工会'}及下级工会的会员`}</View>
          <View className='form-field__chevron'>更换 ›</View>
        </View>
      </FormField>

      <FormField label='每人限约' error={errors['perMemberLimit.count'] ?? errors.perMemberLimit}>
        <Chips
          label='每人限约周期'
          columns={3}
          options={[{ value: 'none', label: '不限' }, ...LIMIT_PERIODS.map((p) => ({ value: p, label: LIMIT_PERIOD_LABELS[p] }))]}
          selected={draft.limitPeriod ?? 'none'}
          onSelect={(v) => onChange({ limitPeriod: v === 'none' ? null : (v as LimitPeriod) })}
        />
        {draft.limitPeriod ? (
          <View className='form-field__row service-form__gap'>
            <Input
              className='form-field__input'
              {...COUNT_INPUT}
              maxlength={3}
              value={draft.limitCount}
              ariaLabel='每人限约次数'
              onInput={(e) => onChange({ limitCount: e.detail.value.replace(/\D/g, '') })}
            />
            <View className='service-form__unit'>次</View>
          </View>
        ) : null}
      </FormField>

      <FormField label='名额满后' error={errors.promotion ?? errors.offerHoldMinutes} help={draft.promotion === 'offer' ? '有人取消时，候补第一位需在保留时间内确认' : '有人取消时，候补第一位自动预约成功'}>
        <Chips
          label='候补方式'
          options={(['direct', 'offer'] as const).map((p) => ({ value: p, label: PROMOTION_MODE_LABELS[p] }))}
          selected={draft.promotion}
          onSelect={(promotion) => onChange({ promotion })}
        />
        {draft.promotion === 'offer' ? (
          <View className='form-field__row service-form__gap'>
            <View className='service-form__unit'>保留</View>
            <Input
              className='form-field__input'
              {...COUNT_INPUT}
              maxlength={4}
              value={draft.offerHoldMinutes}
              ariaLabel='名额保留分钟数'
              onInput={(e) => onChange({ offerHoldMinutes: e.detail.value.replace(/\D/g, '') })}
            />
            <View className='service-form__unit'>分钟</View>
          </View>
        ) : null}
      </FormField>

      <FormField label='取消截止' error={errors.cancelCutoffMinutes}>
        <Chips label='取消截止' columns={2} options={CUTOFFS} selected={String(draft.cancelCutoffMinutes)} onSelect={(v) => onChange({ cancelCutoffMinutes: Number(v) })} />
      </FormField>

      <FormField label='爽约限制' error={errors.noShowLimit} help='90 天内未到场达到次数后，暂停预约本服务'>
        <Chips
          label='爽约限制'
          columns={3}
          options={NO_SHOW_LIMITS}
          selected={draft.noShowLimit === null ? 'none' : String(draft.noShowLimit)}
          onSelect={(v) => onChange({ noShowLimit: v === 'none' ? null : Number(v) })}
        />
      </FormField>

      <FormField label='时段可否重叠' error={errors.allowOverlap} help='多位律师或咨询师同时接待时选“可以重叠”'>
        <Chips
          label='时段可否重叠'
          options={[
            { value: 'no', label: '不可重叠' },
            { value: 'yes', label: '可以重叠' },
          ]}
          selected={draft.allowOverlap ? 'yes' : 'no'}
          onSelect={(v) => onChange({ allowOverlap: v === 'yes' })}
        />
      </FormField>
    </View>
  );
}
