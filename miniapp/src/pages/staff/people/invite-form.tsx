import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { phoneSchema, type OrgSettings, type StaffGrant, type StaffRole } from '@union/shared';
import { toApiError } from '../../../api/errors';
import { inviteStaff } from '../../../api/staff-admin';
import ActionButton from '../../../components/ActionButton';
import Chips from '../../../components/Chips';
import FormField from '../../../components/FormField';
import { PHONE_INPUT } from '../../../lib/input-kinds';
import { GRANT_ROLE_LABELS } from '../../../lib/labels';
import { ROLE_HELP } from './roles';

interface Props {
  orgs: OrgSettings[];
  roles: StaffRole[];
  onInvited: (grant: StaffGrant) => void;
}

type Errors = Partial<Record<'phone' | 'orgId' | 'role' | 'form', string>>;

/** 邀请工作人员: a phone, a union and a role; the person holds the role once they accept it on 我的. */
export default function InviteForm({ orgs, roles, onInvited }: Props) {
  const [phone, setPhone] = useState('');
  const [orgId, setOrgId] = useState<string | null>(orgs.length === 1 ? orgs[0]!.id : null);
  const [role, setRole] = useState<StaffRole | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  async function submit() {
    const next: Errors = {};
    const parsed = phoneSchema.safeParse(phone.trim());
    if (!parsed.success) next.phone = parsed.error.issues[0]?.message;
    if (!orgId) next.orgId = '请选择工会';
    if (!role) next.role = '请选择角色';
    setErrors(next);
    if (Object.keys(next).length > 0 || !orgId || !role) return;
    setBusy(true);
    try {
      const grant = await inviteStaff({ phone: phone.trim(), orgId, role });
      setPhone('');
      setRole(null);
      void Taro.showToast({ title: `已邀请为${GRANT_ROLE_LABELS[grant.role]}，待对方接受`, icon: 'none', duration: 2000 });
      onInvited(grant);
    } catch (error) {
      const e = toApiError(error);
      const field = e.code === 'orgs.not_found' ? 'orgId' : e.field === 'role' || e.field === 'phone' ? e.field : 'form';
      setErrors({ [field]: e.message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="card staff-invite">
      <View className="staff-invite__title">邀请工作人员</View>
      <FormField label="手机号" error={errors.phone} help="对方用这个手机号登录后，在“我的”接受邀请才获得角色（7天内有效）">
        <View className="form-field__row">
          <Input
            className="form-field__input"
            value={phone}
            placeholder="11位手机号"
            placeholderClass="form-field__placeholder"
            ariaLabel="手机号"
            {...PHONE_INPUT}
            onInput={(e) => {
              setPhone(e.detail.value);
              setErrors((x) => ({ ...x, phone: undefined, form: undefined }));
            }}
          />
        </View>
      </FormField>
      <FormField label="工会" error={errors.orgId}>
        <Chips
          label="工会"
          options={orgs.map((o) => ({ value: o.id, label: o.name }))}
          selected={orgId}
          onSelect={(v) => {
            setOrgId(v);
            setErrors((x) => ({ ...x, orgId: undefined, form: undefined }));
          }}
        />
      </FormField>
      <FormField label="角色" error={errors.role} help={role ? ROLE_HELP[role] : '只能授予不高于自己的角色'}>
        <Chips
          label="角色"
          columns={roles.length > 3 ? 2 : 3}
          options={roles.map((r) => ({ value: r, label: GRANT_ROLE_LABELS[r] }))}
          selected={role}
          onSelect={(v) => {
            setRole(v);
            setErrors((x) => ({ ...x, role: undefined, form: undefined }));
          }}
        />
      </FormField>
      {errors.form ? (
        <View className="staff-invite__error" ariaRole="alert">
          {errors.form}
        </View>
      ) : null}
      <ActionButton loading={busy} loadingText="正在邀请…" onClick={() => void submit()}>
        发送邀请
      </ActionButton>
    </View>
  );
}
