import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { EMPLOYERS_BY_CATEGORY, WORKER_CATEGORIES, phoneChangeInputSchema, profileInputSchema, type MyMembership, type WorkerCategory } from '@union/shared';
import { toApiError } from '../../api/errors';
import { changePhone, changeProfile, fetchMyMembership, requestPhoneCode } from '../../api/membership';
import ActionButton from '../../components/ActionButton';
import Chips from '../../components/Chips';
import FormField from '../../components/FormField';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { EmptyState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { PHONE_INPUT, SMS_CODE_INPUT } from '../../lib/input-kinds';
import { JOIN_PAGE, MEMBERSHIP_PROFILE_PAGE, openPage } from '../../lib/navigation';
import { issueOf } from '../../lib/validation';
import './index.scss';

const CATEGORY_OPTIONS = (Object.keys(WORKER_CATEGORIES) as WorkerCategory[]).map((value) => ({ value, label: WORKER_CATEGORIES[value] }));
const digits = (value: string, max: number) => value.replace(/\D/g, '').slice(0, max);

/** 工作单位 and 职业类别: saved together; each change goes into 会籍记录. */
function WorkCard({ m, onSaved }: { m: MyMembership; onSaved: (m: MyMembership) => void }) {
  const [employer, setEmployer] = useState(m.employer ?? '');
  const [category, setCategory] = useState<WorkerCategory | null>(m.category);
  const [errors, setErrors] = useState<Partial<Record<'employer' | 'category' | 'form', string>>>({});
  const [busy, setBusy] = useState(false);
  const suggestions = (category && EMPLOYERS_BY_CATEGORY[category]) || [];
  const locked = m.status === 'transferring';

  async function save() {
    const employerError = issueOf(profileInputSchema.shape.employer, employer);
    const categoryError = category ? undefined : '请选择职业类别';
    setErrors({ employer: employerError, category: categoryError });
    if (employerError || !category) return;
    setBusy(true);
    try {
      onSaved(await changeProfile({ employer, category }));
      void Taro.showToast({ title: '已保存', icon: 'none', duration: 2000 });
    } catch (error) {
      const e = toApiError(error);
      setErrors({ [e.field === 'employer' ? 'employer' : 'form']: e.message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="card membership__form">
      <View className="membership__form-title">工作信息</View>
      {locked ? <View className="membership__note">转会办理中：新的工作单位随转会一起登记，办完后可以再修改。</View> : null}
      <FormField label="职业类别" error={errors.category}>
        <Chips label="职业类别" options={CATEGORY_OPTIONS} selected={category} onSelect={(c) => !locked && setCategory(c)} />
      </FormField>
      <FormField label="工作单位或平台" error={errors.employer}>
        <View className="form-field__row">
          <Input
            className="form-field__input"
            value={employer}
            disabled={locked}
            placeholder="如 顺丰速运、美团，或公司名称"
            placeholderClass="form-field__placeholder"
            ariaLabel="工作单位或平台"
            onInput={(e) => {
              setEmployer(e.detail.value);
              setErrors((x) => ({ ...x, employer: undefined }));
            }}
          />
        </View>
        {suggestions.length > 0 && !locked ? (
          <View className="membership__suggest">
            <Chips
              label="常见工作单位和平台"
              options={suggestions.map((s) => ({ value: s, label: s }))}
              selected={employer.trim() || null}
              onSelect={setEmployer}
            />
          </View>
        ) : null}
      </FormField>
      {errors.form ? (
        <View className="membership__form-error" ariaRole="alert">
          {errors.form}
        </View>
      ) : null}
      <ActionButton variant="secondary" disabled={locked} loading={busy} loadingText="正在保存…" onClick={() => void save()}>
        保存工作信息
      </ActionButton>
    </View>
  );
}

/** A new phone: a code goes to it; with that code the account signs in with the new number from then on. */
function PhoneCard({ m, onSaved }: { m: MyMembership; onSaved: (m: MyMembership) => void }) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const [devCode, setDevCode] = useState<string>();
  const [resendAt, setResendAt] = useState(0);
  const [now, setNow] = useState(Date.now);
  const [errors, setErrors] = useState<Partial<Record<'phone' | 'code' | 'form', string>>>({});
  const [busy, setBusy] = useState<'send' | 'save' | null>(null);
  const left = Math.max(0, Math.ceil((resendAt - now) / 1000));

  useEffect(() => {
    if (resendAt <= Date.now()) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [resendAt]);

  async function send() {
    if (busy || left > 0) return;
    const invalid = issueOf(phoneChangeInputSchema.shape.phone, phone);
    if (invalid) {
      setErrors({ phone: invalid });
      return;
    }
    setBusy('send');
    setErrors({});
    try {
      const res = await requestPhoneCode(phone);
      setSentTo(phone);
      setDevCode(res.devCode);
      setNow(Date.now());
      setResendAt(Date.now() + res.resendAfter * 1000);
    } catch (error) {
      setErrors({ phone: toApiError(error).message });
    } finally {
      setBusy(null);
    }
  }

  async function save() {
    const phoneError = issueOf(phoneChangeInputSchema.shape.phone, phone);
    const codeError = sentTo === phone ? issueOf(phoneChangeInputSchema.shape.code, code) : '请先获取新手机号的验证码';
    setErrors({ phone: phoneError, code: phoneError ? undefined : codeError });
    if (phoneError || codeError) return;
    setBusy('save');
    try {
      onSaved(await changePhone(phone, code));
      setPhone('');
      setCode('');
      setSentTo(undefined);
      setDevCode(undefined);
      void Taro.showToast({ title: '手机号已更换', icon: 'none', duration: 2000 });
    } catch (error) {
      const e = toApiError(error);
      setErrors({ [e.field === 'phone' ? 'phone' : e.code.startsWith('auth.code') ? 'code' : 'form']: e.message });
    } finally {
      setBusy(null);
    }
  }

  return (
    <View className="card membership__form">
      <View className="membership__form-title">更换手机号</View>
      <View className="membership__note">当前手机号 {m.phone}。更换后用新手机号登录，新号码需要短信验证。</View>
      <FormField label="新手机号" error={errors.phone}>
        <View className="form-field__row">
          <Input
            className="form-field__input"
            {...PHONE_INPUT}
            value={phone}
            placeholder="11位手机号"
            placeholderClass="form-field__placeholder"
            ariaLabel="新手机号"
            onInput={(e) => {
              setPhone(digits(e.detail.value, 11));
              setErrors((x) => ({ ...x, phone: undefined }));
            }}
          />
          <View
            className={`membership__send ${busy === 'send' || left > 0 ? 'membership__send--waiting' : ''}`}
            hoverClass="membership__send--pressed"
            ariaRole="button"
            onClick={() => void send()}
          >
            {busy === 'send' ? '发送中…' : left > 0 ? `${left}秒后重发` : sentTo ? '重新获取' : '获取验证码'}
          </View>
        </View>
      </FormField>
      <FormField
        label="验证码"
        error={errors.code}
        help={sentTo ? `验证码已发送至 ${sentTo.slice(0, 3)}****${sentTo.slice(-4)}${devCode ? `（开发环境验证码：${devCode}）` : ''}` : undefined}
      >
        <View className="form-field__row">
          <Input
            className="form-field__input"
            {...SMS_CODE_INPUT}
            value={code}
            placeholder="6位短信验证码"
            placeholderClass="form-field__placeholder"
            ariaLabel="验证码"
            onInput={(e) => {
              setCode(digits(e.detail.value, 6));
              setErrors((x) => ({ ...x, code: undefined }));
            }}
          />
        </View>
      </FormField>
      {errors.form ? (
        <View className="membership__form-error" ariaRole="alert">
          {errors.form}
        </View>
      ) : null}
      <ActionButton variant="secondary" loading={busy === 'save'} loadingText="正在更换…" onClick={() => void save()}>
        确认更换手机号
      </ActionButton>
    </View>
  );
}

/** 修改资料: work details and the phone; each change is recorded in 会籍记录 (the phone masked). */
export default function ProfilePage() {
  const page = useAuthedRequest(fetchMyMembership, MEMBERSHIP_PROFILE_PAGE);
  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后修改资料', description: '请用入会时登记的手机号登录。', returnTo: MEMBERSHIP_PROFILE_PAGE },
  });
  if (gate) return gate;
  if (page.state.status !== 'success') {
    return (
      <Screen>
        <View className="section">
          <RequestStatus state={page.state} loadingText="正在加载资料…" errorTitle="资料加载失败" onRetry={() => void page.run()} />
        </View>
      </Screen>
    );
  }
  const m = page.state.data;
  if (!m || m.status === 'left') {
    return (
      <Screen>
        <View className="section">
          <EmptyState
            title="您不是在会会员"
            description="会员资料随会籍登记。还不是会员的，可以申请入会。"
            action={<ActionButton onClick={() => openPage(JOIN_PAGE)}>我要入会</ActionButton>}
          />
        </View>
      </Screen>
    );
  }
  return (
    <Screen className="membership">
      <View className="section">
        <WorkCard m={m} onSaved={page.set} />
      </View>
      <View className="section">
        <PhoneCard m={m} onSaved={page.set} />
      </View>
    </Screen>
  );
}
