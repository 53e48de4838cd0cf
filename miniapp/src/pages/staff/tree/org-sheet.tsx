import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Switch, View } from '@tarojs/components';
import { ORG_KIND_LABELS, ORG_KINDS, type OrgDetail, type OrgKind } from '@union/shared';
import { toApiError } from '../../../api/errors';
import { closeOrg, createOrg, moveOrg, updateOrg } from '../../../api/staff-admin';
import ActionButton from '../../../components/ActionButton';
import Chips from '../../../components/Chips';
import FormField from '../../../components/FormField';
import Sheet from '../../../components/Sheet';

const JOINABLE: readonly OrgKind[] = ['street', 'community', 'enterprise', 'industry', 'park'];

interface Props {
  /** The union edited, or null to create one. */
  org: OrgDetail | null;
  orgs: OrgDetail[];
  onClose: () => void;
  onSaved: (message: string) => void;
}

function TextField(props: { label: string; value: string; onChange: (v: string) => void; error?: string; help?: string; placeholder?: string }) {
  return (
    <FormField label={props.label} error={props.error} help={props.help}>
      <View className="form-field__row">
        <Input
          className="form-field__input"
          value={props.value}
          ariaLabel={props.label}
          placeholder={props.placeholder}
          placeholderClass="form-field__placeholder"
          onInput={(e) => props.onChange(e.detail.value)}
        />
      </View>
    </FormField>
  );
}

/** 新建 or 编辑 a union, with 调整上级 and 撤销 for an existing one; the server's refusals show at their fields. */
export default function OrgSheet({ org, orgs, onClose, onSaved }: Props) {
  const open = orgs.filter((o) => !o.closedAt);
  const [f, setF] = useState({
    parentId: org?.parentId ?? open[0]?.id ?? '',
    code: org?.code ?? '',
    name: org?.name ?? '',
    kind: (org?.kind ?? 'park') as OrgKind,
    regionCode: org?.regionCode ?? open[0]?.regionCode ?? '',
    address: org?.address ?? '',
    contactPhone: org?.contactPhone ?? '',
    officeHours: org?.officeHours ?? '',
    takesJoins: org?.takesJoins ?? true,
    autoApprove: org?.autoApprove ?? false,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const set = (key: keyof typeof f, value: string | boolean) => {
    setF((x) => ({ ...x, [key]: value }));
    setErrors((e) => ({ ...e, [key]: '', form: '' }));
  };

  async function run(action: () => Promise<string>) {
    setBusy(true);
    try {
      onSaved(await action());
    } catch (error) {
      const e = toApiError(error);
      setErrors({ [e.field && e.field in f ? e.field : e.field === 'moveTo' ? 'moveTo' : 'form']: e.message });
    } finally {
      setBusy(false);
    }
  }

  const fields = {
    name: f.name.trim(),
    kind: f.kind,
    regionCode: f.regionCode.trim(),
    address: f.address.trim() || null,
    contactPhone: f.contactPhone.trim() || null,
    officeHours: f.officeHours.trim() || null,
    takesJoins: f.takesJoins,
    autoApprove: f.autoApprove,
  };
  const save = () =>
    run(async () => {
      if (org) await updateOrg(org.id, fields);
      else await createOrg({ ...fields, parentId: f.parentId, code: f.code.trim() });
      return org ? '已保存' : '已新建';
    });
  const below = (o: OrgDetail) => org !== null && (o.path === org.path || o.path.startsWith(`${org.path}.`));
  const parents = open.filter((o) => !below(o));
  const targets = open.filter((o) => !below(o) && JOINABLE.includes(o.kind) && o.takesJoins);

  async function close() {
    if (!org) return;
    const { confirm } = await Taro.showModal({
      title: '撤销工会',
      content: `撤销${org.name}？撤销后不再受理入会，也不再显示。`,
      confirmText: '撤销',
      confirmColor: '#c8102e',
    });
    if (!confirm) return;
    await run(async () => {
      const res = await closeOrg(org.id, moveTo ?? undefined);
      return res.membersMoved + res.applicationsMoved > 0 ? `已撤销，${res.membersMoved}名会员和${res.applicationsMoved}份申请已转入` : '已撤销';
    });
  }

  return (
    <Sheet open title={org ? `编辑：${org.name}` : '新建工会'} onClose={onClose}>
      <View className="org-sheet">
        {!org ? (
          <>
            <FormField label="上级工会" error={errors.parentId}>
              <Chips label="上级工会" options={open.map((o) => ({ value: o.id, label: o.name }))} selected={f.parentId} onSelect={(v) => set('parentId', v)} />
            </FormField>
            <TextField label="工会代码" value={f.code} error={errors.code} help="小写字母或数字，如 jrjlouyu，建好后不能改" onChange={(v) => set('code', v)} />
          </>
        ) : null}
        <TextField label="工会名称" value={f.name} error={errors.name} onChange={(v) => set('name', v)} />
        <FormField label="类型" error={errors.kind}>
          <Chips
            label="类型"
            columns={2}
            options={ORG_KINDS.map((k) => ({ value: k, label: ORG_KIND_LABELS[k] }))}
            selected={f.kind}
            onSelect={(v) => set('kind', v)}
          />
        </FormField>
        <TextField
          label="行政区划代码"
          value={f.regionCode}
          error={errors.regionCode}
          help="6位数字，如 110102（西城区）"
          onChange={(v) => set('regionCode', v)}
        />
        <TextField label="地址" value={f.address} error={errors.address} onChange={(v) => set('address', v)} />
        <TextField label="办公电话" value={f.contactPhone} error={errors.contactPhone} placeholder="如 010-66001234" onChange={(v) => set('contactPhone', v)} />
        <TextField
          label="办公时间"
          value={f.officeHours}
          error={errors.officeHours}
          placeholder="1-5 09:00-17:30"
          help="周几至周几 开始-结束（北京时间）"
          onChange={(v) => set('officeHours', v)}
        />
        <View className="org-sheet__switch">
          <View>受理入会申请</View>
          <Switch checked={f.takesJoins} color="#c8102e" ariaLabel="受理入会申请" onChange={(e) => set('takesJoins', e.detail.value)} />
        </View>
        <View className="org-sheet__switch">
          <View>自动审核</View>
          <Switch checked={f.autoApprove} color="#c8102e" ariaLabel="自动审核" onChange={(e) => set('autoApprove', e.detail.value)} />
        </View>
        {errors.form ? (
          <View className="org-sheet__error" ariaRole="alert">
            {errors.form}
          </View>
        ) : null}
        <ActionButton loading={busy} loadingText="正在保存…" onClick={() => void save()}>
          {org ? '保存' : '新建'}
        </ActionButton>

        {org ? (
          <>
            <View className="org-sheet__section">调整上级工会</View>
            <Chips
              label="新的上级工会"
              options={parents.map((o) => ({ value: o.id, label: o.name }))}
              selected={org.parentId}
              onSelect={(v) => void run(async () => (await moveOrg(org.id, v), '已调整上级'))}
            />
            <View className="org-sheet__section">撤销工会</View>
            <FormField label="会员和待审核申请转到" error={errors.moveTo} help="没有会员和申请时可不选">
              <Chips label="会员和待审核申请转到" options={targets.map((o) => ({ value: o.id, label: o.name }))} selected={moveTo} onSelect={setMoveTo} />
            </FormField>
            <ActionButton variant="secondary" disabled={busy} onClick={() => void close()}>
              撤销该工会
            </ActionButton>
          </>
        ) : null}
      </View>
    </Sheet>
  );
}
