import { useState } from 'react';
import { Input, Switch, View } from '@tarojs/components';
import { MERCHANT_CATEGORIES, MERCHANT_CATEGORY_LABELS, type MerchantAdmin, type MerchantCategory, type OrgSettings } from '@union/shared';
import { toApiError } from '../../../api/errors';
import { createMerchant, updateMerchant } from '../../../api/merchants';
import ActionButton from '../../../components/ActionButton';
import Chips from '../../../components/Chips';
import FormField from '../../../components/FormField';
import Sheet from '../../../components/Sheet';
import { COUNT_INPUT, DECIMAL_INPUT } from '../../../lib/input-kinds';
import { locate } from '../../../lib/location';
import UnionChoice from '../union-choice';

interface Props {
  /** The merchant edited, or null to sign up a new one. */
  merchant: MerchantAdmin | null;
  orgs: OrgSettings[];
  onClose: () => void;
  onSaved: (message: string) => void;
}

type Field = 'name' | 'category' | 'discount' | 'discountPercent' | 'address' | 'lat' | 'lng' | 'hours' | 'orgId' | 'form';

function TextField(props: { label: string; value: string; onChange: (v: string) => void; error?: string; help?: string; placeholder?: string; kind?: object }) {
  return (
    <FormField label={props.label} error={props.error} help={props.help}>
      <View className="form-field__row">
        <Input
          className="form-field__input"
          value={props.value}
          ariaLabel={props.label}
          placeholder={props.placeholder}
          placeholderClass="form-field__placeholder"
          {...props.kind}
          onInput={(e) => props.onChange(e.detail.value)}
        />
      </View>
    </FormField>
  );
}

const number = (v: string) => (v.trim() === '' ? Number.NaN : Number(v.trim()));

/**
 * 签约新商户 or 编辑 one: name, category, what members get, address and position (typed, or 使用当前位置 at the shop),
 * the union that signed it, opening hours, and on an edit 上架 (members see it). The server's refusals show at their fields.
 */
export default function MerchantSheet({ merchant, orgs, onClose, onSaved }: Props) {
  const [f, setF] = useState({
    name: merchant?.name ?? '',
    category: (merchant?.category ?? null) as MerchantCategory | null,
    discount: merchant?.discount ?? '',
    discountPercent: merchant?.discountPercent ? String(merchant.discountPercent) : '',
    address: merchant?.address ?? '',
    lat: merchant ? String(merchant.lat) : '',
    lng: merchant ? String(merchant.lng) : '',
    hours: merchant?.hours ?? '',
    orgId: merchant?.orgId ?? (orgs.length === 1 ? orgs[0]!.id : null),
    active: merchant?.active ?? true,
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  const [locating, setLocating] = useState(false);
  const set = <K extends keyof typeof f>(key: K, value: (typeof f)[K]) => {
    setF((x) => ({ ...x, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };

  async function here() {
    setLocating(true);
    const at = await locate(10_000);
    setLocating(false);
    if (!at.precise) {
      setErrors((e) => ({ ...e, lat: '无法获取当前位置，请在手机设置中允许定位，或直接填写经纬度' }));
      return;
    }
    setF((x) => ({ ...x, lat: at.lat.toFixed(6), lng: at.lng.toFixed(6) }));
    setErrors((e) => ({ ...e, lat: undefined, lng: undefined }));
  }

  async function save() {
    const next: Partial<Record<Field, string>> = {};
    if (f.name.trim().length < 2) next.name = '商户名称至少2个字';
    if (!f.category) next.category = '请选择类别';
    if (f.discount.trim().length < 2) next.discount = '请填写会员优惠，如 凭会员码餐费9折';
    if (f.address.trim().length < 4) next.address = '地址至少4个字';
    const lat = number(f.lat);
    const lng = number(f.lng);
    if (!(Math.abs(lat) <= 90)) next.lat = '请填写纬度，或点「使用当前位置」';
    if (!(Math.abs(lng) <= 180)) next.lng = '请填写经度';
    const percent = f.discountPercent.trim() ? number(f.discountPercent) : null;
    if (percent !== null && !(Number.isInteger(percent) && percent >= 1 && percent <= 90)) next.discountPercent = '折扣应在1%到90%之间';
    if (!f.orgId) next.orgId = '请选择签约工会';
    setErrors(next);
    if (Object.keys(next).length > 0 || !f.category || !f.orgId) return;
    const fields = {
      name: f.name.trim(),
      category: f.category,
      discount: f.discount.trim(),
      discountPercent: percent,
      address: f.address.trim(),
      lat,
      lng,
      hours: f.hours.trim() || null,
      orgId: f.orgId,
    };
    setBusy(true);
    try {
      if (merchant) await updateMerchant(merchant.id, { ...fields, active: f.active });
      else await createMerchant(fields);
      onSaved(merchant ? '已保存' : `已签约${fields.name}`);
    } catch (error) {
      const e = toApiError(error);
      const field = e.code === 'orgs.not_found' ? 'orgId' : e.field && e.field in f ? (e.field as Field) : 'form';
      setErrors({ [field]: e.message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Sheet open title={merchant ? `编辑：${merchant.name}` : '签约新商户'} onClose={onClose}>
      <View className="merchant-sheet">
        <TextField label="商户名称" value={f.name} error={errors.name} onChange={(v) => set('name', v)} />
        <FormField label="类别" error={errors.category}>
          <Chips
            label="类别"
            columns={3}
            options={MERCHANT_CATEGORIES.map((c) => ({ value: c, label: MERCHANT_CATEGORY_LABELS[c] }))}
            selected={f.category}
            onSelect={(v) => set('category', v)}
          />
        </FormField>
        <TextField label="会员优惠" value={f.discount} error={errors.discount} placeholder="如 凭会员码餐费9折" onChange={(v) => set('discount', v)} />
        <TextField
          label="优惠比例（%，可不填）"
          value={f.discountPercent}
          error={errors.discountPercent}
          help="打9折填 10；没有固定折扣可不填"
          kind={COUNT_INPUT}
          onChange={(v) => set('discountPercent', v.replace(/\D/g, ''))}
        />
        <TextField label="地址" value={f.address} error={errors.address} onChange={(v) => set('address', v)} />
        <View className="merchant-sheet__position">
          <TextField label="纬度" value={f.lat} error={errors.lat} kind={DECIMAL_INPUT} placeholder="如 39.9415" onChange={(v) => set('lat', v)} />
          <TextField label="经度" value={f.lng} error={errors.lng} kind={DECIMAL_INPUT} placeholder="如 116.3705" onChange={(v) => set('lng', v)} />
        </View>
        <ActionButton variant="secondary" size="small" loading={locating} loadingText="正在定位…" onClick={() => void here()}>
          使用当前位置（在店里时点）
        </ActionButton>
        <TextField
          label="营业时间（可不填）"
          value={f.hours}
          error={errors.hours}
          placeholder="每天 10:00-21:00"
          help="如 每天 10:00-21:00、周一至周五 09:00-18:00、24小时"
          onChange={(v) => set('hours', v)}
        />
        <UnionChoice label="签约工会" orgs={orgs} selected={f.orgId} onSelect={(v) => set('orgId', v)} error={errors.orgId} />
        {merchant ? (
          <View className="merchant-sheet__switch">
            <View>上架（会员可在普惠商户中看到）</View>
            <Switch checked={f.active} color="#c8102e" ariaLabel="上架" onChange={(e) => set('active', e.detail.value)} />
          </View>
        ) : null}
        {errors.form ? (
          <View className="merchant-sheet__error" ariaRole="alert">
            {errors.form}
          </View>
        ) : null}
        <ActionButton loading={busy} loadingText="正在保存…" onClick={() => void save()}>
          {merchant ? '保存' : '签约'}
        </ActionButton>
      </View>
    </Sheet>
  );
}
