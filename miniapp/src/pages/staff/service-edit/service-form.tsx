import { Textarea, View } from '@tarojs/components';
import {
  LIMIT_PERIOD_LABELS,
  LIMIT_PERIODS,
  PROMOTION_MODE_LABELS,
  SERVICE_KIND_LABELS,
  SERVICE_KINDS,
  type LimitPeriod,
  type PromotionMode,
  type ServiceKind,
} from '@union/shared';
import Chips from '../../../components/Chips';
import FormField from '../../../components/FormField';
import InputRow from './input-row';

/** What the form holds: text as typed, numbers as strings until sent. */
export interface ServiceDraft {
  orgId: string;
  kind: ServiceKind;
  title: string;
  description: string;
  placeMode: 'station' | 'address';
  stationId: string | null;
  /** The chosen station's name; null until known (an existing service's station is looked up by id). */
  stationName: string | null;
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
  /** Opens the station search (a sheet on the page). */
  onPickStation: () => void;
  onPickEligible: () => void;
}

/** The service's own fields, driven by the shared serviceInputSchema: what, where, who, and its booking rules. */
export default function ServiceForm({ draft, onChange, errors, unions, ownerName, onPickStation, onPickEligible }: ServiceFormProps) {
  return (
    <View className="card service-form">
      {unions ? (
        <FormField label="所属工会" error={errors.orgId}>
          {unions.length === 1 ? (
            <View className="service-form__fixed">{unions[0]!.orgName}</View>
          ) : (
            <Chips
              label="所属工会"
              options={unions.map((u) => ({ value: u.orgId, label: u.orgName }))}
              selected={draft.orgId}
              onSelect={(orgId) => onChange({ orgId, eligibleOrg: null })}
            />
          )}
        </FormField>
      ) : (
        <FormField label="所属工会">
          <View className="service-form__fixed">
            {ownerName} · {SERVICE_KIND_LABELS[draft.kind]}
          </View>
        </FormField>
      )}

      {unions ? (
        <FormField label="服务类型" error={errors.kind}>
          <Chips
            label="服务类型"
            columns={3}
            options={SERVICE_KINDS.map((k) => ({ value: k, label: SERVICE_KIND_LABELS[k] }))}
            selected={draft.kind}
            onSelect={(kind) => onChange({ kind })}
          />
        </FormField>
      ) : null}

      <FormField label="服务名称" error={errors.title}>
        <InputRow ariaLabel="服务名称" value={draft.title} maxlength={60} placeholder="如 劳动争议法律咨询" onInput={(title) => onChange({ title })} />
      </FormField>

      <FormField label="服务介绍" error={errors.description} help="会员预约前会看到">
        <View className="form-field__row service-form__area-row">
          <Textarea
            className="service-form__area"
            value={draft.description}
            maxlength={1000}
            placeholder="服务内容、需要携带的材料等"
            placeholderClass="form-field__placeholder"
            ariaLabel="服务介绍"
            onInput={(e) => onChange({ description: e.detail.value })}
          />
        </View>
      </FormField>

      <FormField label="服务地点" error={errors['place.stationId'] ?? errors['place.address'] ?? errors.place}>
        <Chips
          label="服务地点"
          options={[
            { value: 'station', label: '暖心驿站' },
            { value: 'address', label: '填写地址' },
          ]}
          selected={draft.placeMode}
          onSelect={(placeMode) => onChange(placeMode === 'address' ? { placeMode, stationId: null, stationName: null } : { placeMode })}
        />
        {draft.placeMode === 'station' ? (
          <View
            className={`form-field__row service-form__gap service-form__station ${draft.stationId ? 'service-form__station--on' : ''}`}
            hoverClass="form-field__row--pressed"
            ariaRole="button"
            ariaLabel={draft.stationId ? `驿站 ${draft.stationName ?? ''}，更换` : '选择驿站'}
            onClick={onPickStation}
          >
            {draft.stationId ? (
              <View className="service-form__station-main">
                <View className="service-form__station-name">{draft.stationName ?? '当前驿站'}</View>
                <View className="service-form__station-address muted">{draft.address}</View>
              </View>
            ) : (
              <View className="form-field__value form-field__value--empty">搜索并选择本工会的驿站</View>
            )}
            <View className="form-field__chevron">{draft.stationId ? '更换 ›' : '选择 ›'}</View>
          </View>
        ) : (
          <InputRow
            gap
            ariaLabel="服务地址"
            value={draft.address}
            maxlength={120}
            placeholder="如 北京市西城区新街口外大街甲14号"
            onInput={(address) => onChange({ address })}
          />
        )}
      </FormField>

      <FormField label="可预约的会员" error={errors.eligibleOrgId}>
        <View className="form-field__row" hoverClass="form-field__row--pressed" ariaRole="button" onClick={onPickEligible}>
          <View className="form-field__value">
            {draft.eligibleOrg ? `${draft.eligibleOrg.name}及下级工会的会员` : `${ownerName || '本工会'}及下级工会的会员`}
          </View>
          <View className="form-field__chevron">更换 ›</View>
        </View>
      </FormField>

      <FormField label="每人限约" error={errors['perMemberLimit.count'] ?? errors.perMemberLimit}>
        <Chips
          label="每人限约周期"
          columns={3}
          options={[{ value: 'none', label: '不限' }, ...LIMIT_PERIODS.map((p) => ({ value: p, label: LIMIT_PERIOD_LABELS[p] }))]}
          selected={draft.limitPeriod ?? 'none'}
          onSelect={(v) => onChange({ limitPeriod: v === 'none' ? null : (v as LimitPeriod) })}
        />
        {draft.limitPeriod ? (
          <InputRow gap count maxlength={3} ariaLabel="每人限约次数" value={draft.limitCount} after="次" onInput={(limitCount) => onChange({ limitCount })} />
        ) : null}
      </FormField>

      <FormField
        label="名额满后"
        error={errors.promotion ?? errors.offerHoldMinutes}
        help={draft.promotion === 'offer' ? '有人取消时，候补第一位需在保留时间内确认' : '有人取消时，候补第一位自动预约成功'}
      >
        <Chips
          label="候补方式"
          options={(['direct', 'offer'] as const).map((p) => ({ value: p, label: PROMOTION_MODE_LABELS[p] }))}
          selected={draft.promotion}
          onSelect={(promotion) => onChange({ promotion })}
        />
        {draft.promotion === 'offer' ? (
          <InputRow
            gap
            count
            maxlength={4}
            ariaLabel="名额保留分钟数"
            value={draft.offerHoldMinutes}
            before="保留"
            after="分钟"
            onInput={(offerHoldMinutes) => onChange({ offerHoldMinutes })}
          />
        ) : null}
      </FormField>

      <FormField label="取消截止" error={errors.cancelCutoffMinutes}>
        <Chips
          label="取消截止"
          columns={2}
          options={CUTOFFS}
          selected={String(draft.cancelCutoffMinutes)}
          onSelect={(v) => onChange({ cancelCutoffMinutes: Number(v) })}
        />
      </FormField>

      <FormField label="爽约限制" error={errors.noShowLimit} help="90 天内未到场达到次数后，暂停预约本服务">
        <Chips
          label="爽约限制"
          columns={3}
          options={NO_SHOW_LIMITS}
          selected={draft.noShowLimit === null ? 'none' : String(draft.noShowLimit)}
          onSelect={(v) => onChange({ noShowLimit: v === 'none' ? null : Number(v) })}
        />
      </FormField>

      <FormField label="时段可否重叠" error={errors.allowOverlap} help="多位律师或咨询师同时接待时选“可以重叠”">
        <Chips
          label="时段可否重叠"
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
