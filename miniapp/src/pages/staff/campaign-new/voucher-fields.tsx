import FormField from '../../../components/FormField';
import { voucherTermsHelp } from './campaign-form';
import { NumberRow } from './form-parts';
import type { CampaignFields } from './use-campaign-fields';
import type { CreateCampaign } from './use-create-campaign';

/**
 * A voucher's terms on the create form: 面值 per use and 使用次数 (4×40元 is 40 and 4, one voucher used four times),
 * summed up as the member's voucher will read, and how long each voucher is valid.
 */
export default function VoucherFields({ fields, create: c }: { fields: CampaignFields; create: CreateCampaign }) {
  const { errors, change } = fields;
  return (
    <>
      <FormField label="面值（元）" error={errors.voucherValue} help="每次使用减免的金额">
        <NumberRow label="面值" unit="元" value={c.voucherValue} placeholder="如 40" onChange={change(c.setVoucherValue, 'voucherValue')} />
      </FormField>
      <FormField label="使用次数" error={errors.voucherUses} help={voucherTermsHelp(c.voucherValue, c.voucherUses)}>
        <NumberRow label="使用次数" unit="次" value={c.voucherUses} placeholder="如 4" onChange={change(c.setVoucherUses, 'voucherUses')} />
      </FormField>
      <FormField
        label="券的有效期（选填）"
        error={errors.voucherValidDays}
        help={
          c.validDays ? `每张券自领取起 ${c.validDays} 天内有效，会员在“我的券”里看到有效期` : '不填则到活动结束时间为止有效；填写后每张券自领取起按天数计算'
        }
      >
        <NumberRow label="券的有效天数" unit="天" value={c.validDays} placeholder="至活动结束" onChange={change(c.setValidDays, 'voucherValidDays')} />
      </FormField>
      <FormField
        label="积分兑换（选填）"
        error={errors.pointsPrice}
        help={
          c.pointsPrice
            ? `会员在积分商城用 ${c.pointsPrice} 积分兑换一张，不再扫码领取；积分在兑换时扣除，创建后不能修改`
            : '不填则会员扫码领取；填写积分后，会员在“学习 → 积分商城”用学习积分兑换'
        }
      >
        <NumberRow label="积分价格" unit="积分" value={c.pointsPrice} placeholder="扫码领取" onChange={change(c.setPointsPrice, 'pointsPrice')} />
      </FormField>
    </>
  );
}
