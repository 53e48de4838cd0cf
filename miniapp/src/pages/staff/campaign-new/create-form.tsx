import { View } from '@tarojs/components';
import { BENEFIT_KINDS, BENEFIT_PERIODS, PLACE_KINDS, type PlaceOption } from '@union/shared';
import Chips from '../../../components/Chips';
import FormField from '../../../components/FormField';
import OrgPicker from '../../../components/OrgPicker';
import PlaceSearch from '../../../components/PlaceSearch';
import Screen from '../../../components/Screen';
import Sheet from '../../../components/Sheet';
import { formatDate, inBeijing } from '../../../lib/dates';
import { CAMPAIGN_KIND_LABELS, CAMPAIGN_PERIOD_LABELS, PLACE_KIND_LABELS } from '../campaign-parts';
import { campaignWindow } from './campaign-form';
import { DayRow, NumberRow, SubmitFooter } from './form-parts';
import { DescriptionField, QuotaField, TitleField } from './text-fields';
import type { CampaignFields } from './use-campaign-fields';
import type { CampaignUnion, CreateCampaign } from './use-create-campaign';
import VoucherFields from './voucher-fields';

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

interface CreateCampaignFormProps {
  fields: CampaignFields;
  create: CreateCampaign;
  unions: CampaignUnion[];
}

/** The create form: what the benefit is and when (first card), who may claim it, where and how (second). */
export default function CreateCampaignForm({ fields, create: c, unions }: CreateCampaignFormProps) {
  const { errors, change } = fields;
  const { startsAt, endsAt } = campaignWindow(c.startDate, Number(c.days));
  const picked = (p: PlaceOption) => c.places.some((x) => x.kind === p.kind && x.id === p.id);
  const orgs = c.eligibleOrgs;
  // Exchanged for points in the app: no place code is scanned, so its rules do not apply; the places honour the vouchers.
  const forPoints = c.kind === 'voucher' && c.pointsPrice.trim() !== '';

  return (
    <Screen withFooter className="campaign-new">
      <View className="section">
        <View className="card">
          <FormField label="举办工会" error={errors.orgId}>
            {unions.length === 1 ? (
              <View className="campaign-new__org">{unions[0]!.orgName}</View>
            ) : (
              <Chips
                label="举办工会"
                options={unions.map((u) => ({ value: u.orgId, label: u.orgName }))}
                selected={c.orgId}
                onSelect={change(c.setOrgId, 'orgId')}
              />
            )}
          </FormField>

          <TitleField fields={fields} />
          <DescriptionField fields={fields} />

          <FormField label="福利类型" error={errors.kind}>
            <Chips
              label="福利类型"
              columns={3}
              options={BENEFIT_KINDS.map((k) => ({ value: k, label: CAMPAIGN_KIND_LABELS[k] }))}
              selected={c.kind}
              onSelect={c.setKind}
            />
          </FormField>

          <QuotaField fields={fields} />

          {c.kind === 'voucher' ? <VoucherFields fields={fields} create={c} /> : null}

          <FormField label="每人限领" error={errors.period}>
            <Chips
              label="每人限领"
              columns={3}
              options={BENEFIT_PERIODS.map((p) => ({ value: p, label: CAMPAIGN_PERIOD_LABELS[p] }))}
              selected={c.period}
              onSelect={c.setPeriod}
            />
          </FormField>

          <FormField label="开始日期" error={errors.window}>
            <DayRow
              value={c.startDate ?? inBeijing().format('YYYY-MM-DD')}
              shown={c.startDate ? formatDate(startsAt) : '现在开始'}
              onPick={change(c.setStartDate, 'window')}
            />
          </FormField>

          <FormField label="持续时间" help={`到 ${formatDate(endsAt)} 零点结束`}>
            <Chips label="持续时间" columns={4} options={DURATIONS} selected={c.days} onSelect={change(c.setDays, 'window')} />
          </FormField>
        </View>

        <View className="card campaign-new__card">
          <FormField label="可领取的会员" error={errors.eligibleOrgId} help="该工会及其下级工会的会员可以领取">
            <View className="form-field__row" hoverClass="form-field__row--pressed" ariaRole="button" onClick={() => orgs.setPicking(true)}>
              <View className="form-field__value campaign-new__eligible">{c.eligible?.name ?? '请选择工会'}</View>
              <View className="form-field__chevron">更换 ›</View>
            </View>
          </FormField>

          <FormField
            label="领取地点"
            error={errors.places}
            help={
              c.places.length > 0
                ? `已选 ${c.places.length} 个：${c.places.map((p) => p.name).join('、')}`
                : forPoints
                  ? '可多选；兑换的券在这些地点使用'
                  : '可多选；会员在这些地点扫码领取'
            }
          >
            <Chips
              label="地点类型"
              columns={3}
              options={PLACE_KINDS.map((k) => ({ value: k, label: PLACE_KIND_LABELS[k] }))}
              selected={c.placeKind}
              onSelect={(k) => {
                c.setPlaceKind(k);
                c.placeSearch.setQuery('');
              }}
            />
            <PlaceSearch
              search={c.placeSearch}
              noun={PLACE_KIND_LABELS[c.placeKind]}
              multiple
              showOrg
              isPicked={picked}
              onPick={c.togglePlace}
              emptyHint="换个关键词，或换一种地点类型试试。"
            />
          </FormField>

          {forPoints ? (
            <View className="campaign-new__points-note muted">积分兑换的券在积分商城兑换，无需扫码，不设领取码和距离限制。</View>
          ) : (
            <>
              <FormField
                label="领取码"
                error={errors.requiresRotatingCode}
                help={c.rotating === 'rotating' ? '须扫工作人员手机上的动态码，截图无效，适合高价值福利' : '也可扫张贴的海报码'}
              >
                <Chips label="领取码" columns={2} options={CODE_OPTIONS} selected={c.rotating} onSelect={c.setRotating} />
              </FormField>

              <FormField label="距离限制（选填）" error={errors.maxDistanceMeters} help="填写后，会员须在地点这个距离内才能领取；活动没有登记位置，不能设置">
                <NumberRow label="距离限制" unit="米" value={c.distance} placeholder="不限" onChange={change(c.setDistance, 'maxDistanceMeters')} />
              </FormField>
            </>
          )}
        </View>
      </View>

      <Sheet open={orgs.picking} title="可领取的会员" onClose={() => orgs.setPicking(false)}>
        <OrgPicker
          query={orgs.query}
          onQuery={orgs.setQuery}
          placeholder="搜索工会名称"
          state={orgs.matches}
          onRetry={orgs.retry}
          onPick={(org) => {
            c.setEligible({ id: org.id, name: org.name });
            fields.clear('eligibleOrgId');
            orgs.setPicking(false);
          }}
          selectedId={c.eligible?.id}
          emptyHint="只能选择您负责的工会及其下级工会。"
        />
      </Sheet>

      <SubmitFooter error={errors.form} busy={fields.busy} loadingText="正在创建…" onSubmit={() => void c.submit()}>
        创建福利活动
      </SubmitFooter>
    </Screen>
  );
}
