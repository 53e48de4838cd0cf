import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, View } from '@tarojs/components';
import { AUDIT_ACTION_LABELS, phoneSchema, type AuditEntryView, type StaffRole } from '@union/shared';
import { toApiError } from '../../../api/errors';
import { searchAudit, type AuditFilter } from '../../../api/staff-admin';
import ActionButton from '../../../components/ActionButton';
import Chips from '../../../components/Chips';
import FormField from '../../../components/FormField';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatDateTime, inBeijing } from '../../../lib/dates';
import { PHONE_INPUT } from '../../../lib/input-kinds';
import { GRANT_ROLE_LABELS } from '../../../lib/labels';
import { STAFF_AUDIT_PAGE } from '../../../lib/navigation';
import { exportAuditCsv } from './export-csv';
import './index.scss';

/** Families of actions, searched by prefix (staff finds staff.grant, staff.revoke…). */
const ACTIONS = [
  { value: '', label: '全部' },
  { value: 'staff', label: '角色' },
  { value: 'account', label: '账号' },
  { value: 'org', label: '工会设置' },
  { value: 'application', label: '入会申请' },
  { value: 'membership', label: '会籍' },
  { value: 'benefit', label: '福利' },
] as const;

interface Draft {
  actorPhone: string;
  targetPhone: string;
  action: string;
  fromDay: string;
  toDay: string;
}

const EMPTY: Draft = { actorPhone: '', targetPhone: '', action: '', fromDay: '', toDay: '' };

/** The draft as the API's filter; a phone that is not 11 digits is an error for its field. */
function toFilter(d: Draft): { filter?: AuditFilter; errors: Partial<Record<keyof Draft, string>> } {
  const errors: Partial<Record<keyof Draft, string>> = {};
  for (const key of ['actorPhone', 'targetPhone'] as const) {
    if (d[key] && !phoneSchema.safeParse(d[key]).success) errors[key] = '请输入11位手机号';
  }
  if (d.fromDay && d.toDay && d.fromDay > d.toDay) errors.toDay = '结束日期不能早于开始日期';
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    filter: {
      actorPhone: d.actorPhone || undefined,
      targetPhone: d.targetPhone || undefined,
      action: d.action || undefined,
      from: d.fromDay ? `${d.fromDay}T00:00:00+08:00` : undefined,
      to: d.toDay ? `${d.toDay}T23:59:59.999+08:00` : undefined,
    },
  };
}

/** 审核员, or 审核员 → 核验员, from a staff entry's detail. */
function roleChange(detail: Record<string, unknown>): string | null {
  const role = detail.role;
  const label = (r: unknown) => (typeof r === 'string' && r in GRANT_ROLE_LABELS ? GRANT_ROLE_LABELS[r as StaffRole] : null);
  if (label(role)) return label(role);
  if (role && typeof role === 'object' && 'from' in role && 'to' in role) return `${label(role.from) ?? ''} → ${label(role.to) ?? ''}`;
  return null;
}

function DayPicker({ label, value, onPick }: { label: string; value: string; onPick: (day: string) => void }) {
  return (
    <Picker
      mode="date"
      value={value || inBeijing().format('YYYY-MM-DD')}
      end={inBeijing().format('YYYY-MM-DD')}
      onChange={(e) => onPick(String(e.detail.value))}
    >
      <View className="form-field__row staff-audit__day" hoverClass="form-field__row--pressed" ariaLabel={label}>
        <View className="form-field__value">{value || '不限'}</View>
        <View className="form-field__chevron">选择 ›</View>
      </View>
    </Picker>
  );
}

/** 操作记录: who did what to whom, when, in the unions this admin manages; search and export as CSV. */
export default function StaffAuditPage() {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  // The filter of the list on screen (a ref: the loader reads it in the same tick the search sets it).
  const applied = useRef<AuditFilter>({});
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [more, setMore] = useState<{ items: AuditEntryView[]; next: string | null; loading: boolean; error?: string } | null>(null);
  const [exporting, setExporting] = useState(false);
  const page = useAuthedRequest(() => searchAudit(applied.current), STAFF_AUDIT_PAGE);

  const set = (key: keyof Draft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function search() {
    const { filter, errors: found } = toFilter(draft);
    setErrors(found);
    if (!filter) return;
    applied.current = filter;
    setMore(null);
    await page.run();
  }

  async function loadMore(next: string) {
    setMore((m) => ({ items: m?.items ?? [], next, loading: true }));
    try {
      const res = await searchAudit(applied.current, next);
      setMore((m) => ({ items: [...(m?.items ?? []), ...res.items], next: res.next, loading: false }));
    } catch (error) {
      setMore((m) => ({ items: m?.items ?? [], next, loading: false, error: toApiError(error).message }));
    }
  }

  async function exportCsv() {
    setExporting(true);
    try {
      await exportAuditCsv(applied.current);
    } catch (error) {
      void Taro.showToast({ title: error instanceof Error ? error.message : '导出失败', icon: 'none' });
    } finally {
      setExporting(false);
    }
  }

  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后查看操作记录', description: '使用工会管理员的手机号登录。', returnTo: STAFF_AUDIT_PAGE },
  });
  if (gate) return gate;

  const { state } = page;
  const items = state.status === 'success' ? [...state.data.items, ...(more?.items ?? [])] : [];
  const next = more ? more.next : state.status === 'success' ? state.data.next : null;

  return (
    <Screen className="staff-audit">
      <View className="section">
        <View className="card staff-audit__filters">
          <FormField label="操作人手机号" error={errors.actorPhone}>
            <View className="form-field__row">
              <Input
                className="form-field__input"
                value={draft.actorPhone}
                placeholder="不限"
                ariaLabel="操作人手机号"
                {...PHONE_INPUT}
                onInput={(e) => set('actorPhone', e.detail.value)}
              />
            </View>
          </FormField>
          <FormField label="对象手机号" error={errors.targetPhone} help="被授予、更改或停用的人">
            <View className="form-field__row">
              <Input
                className="form-field__input"
                value={draft.targetPhone}
                placeholder="不限"
                ariaLabel="对象手机号"
                {...PHONE_INPUT}
                onInput={(e) => set('targetPhone', e.detail.value)}
              />
            </View>
          </FormField>
          <FormField label="操作类型">
            <Chips
              label="操作类型"
              columns={3}
              options={ACTIONS.map((a) => ({ value: a.value, label: a.label }))}
              selected={draft.action}
              onSelect={(v) => set('action', v)}
            />
          </FormField>
          <FormField label="日期" error={errors.fromDay ?? errors.toDay}>
            <View className="staff-audit__days">
              <DayPicker label="开始日期" value={draft.fromDay} onPick={(d) => set('fromDay', d)} />
              <View className="staff-audit__to">至</View>
              <DayPicker label="结束日期" value={draft.toDay} onPick={(d) => set('toDay', d)} />
            </View>
          </FormField>
          <View className="staff-audit__buttons">
            <ActionButton onClick={() => void search()}>查询</ActionButton>
            <ActionButton variant="secondary" loading={exporting} loadingText="正在导出…" onClick={() => void exportCsv()}>
              导出 CSV
            </ActionButton>
          </View>
        </View>

        <RequestStatus
          state={state}
          loadingText="正在查询操作记录…"
          errorTitle={(error) => (error.status === 403 ? '只有工会管理员可以查看操作记录' : '操作记录加载失败')}
          onRetry={() => void page.run()}
        />
        {state.status === 'success' && items.length === 0 ? <EmptyState title="没有符合条件的记录" description="换个条件再查。" /> : null}
        {items.map((e) => (
          <View key={e.id} className="card staff-audit__entry">
            <View className="staff-audit__head">
              <View className="staff-audit__action">{AUDIT_ACTION_LABELS[e.action] ?? e.action}</View>
              <View className="muted">{formatDateTime(e.at)}</View>
            </View>
            <View className="staff-audit__line">操作人：{e.actor ?? '系统'}</View>
            {e.target ? <View className="staff-audit__line">对象：{e.target}</View> : null}
            {roleChange(e.detail) ? <View className="staff-audit__line">角色：{roleChange(e.detail)}</View> : null}
            <View className="staff-audit__line muted">{e.orgName ?? ''}</View>
          </View>
        ))}
        {more?.error ? (
          <View className="staff-audit__error" ariaRole="alert">
            {more.error}
          </View>
        ) : null}
        {next ? (
          <ActionButton variant="text" loading={more?.loading} loadingText="正在加载…" onClick={() => void loadMore(next)}>
            加载更多
          </ActionButton>
        ) : null}
      </View>
    </Screen>
  );
}
