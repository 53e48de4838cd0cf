import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { EMPLOYERS_BY_CATEGORY, TRANSFER_OBJECTION_DAYS, WORKER_CATEGORIES, transferInputSchema, type MyMembership, type WorkerCategory } from '@union/shared';
import { toApiError } from '../../api/errors';
import { fetchMyMembership, requestTransfer } from '../../api/membership';
import ActionButton from '../../components/ActionButton';
import Chips from '../../components/Chips';
import FooterBar from '../../components/FooterBar';
import FormField from '../../components/FormField';
import OrgPicker, { OrgRow, type PickableOrg } from '../../components/OrgPicker';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import Sheet from '../../components/Sheet';
import { EmptyState, LoadingState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { useOrgSearch } from '../../hooks/use-org-search';
import { JOIN_PAGE, MEMBERSHIP_PAGE, MEMBERSHIP_TRANSFER_PAGE, openPage, safeDecode } from '../../lib/navigation';
import { issueOf } from '../../lib/validation';
import './index.scss';

const CATEGORY_OPTIONS = (Object.keys(WORKER_CATEGORIES) as WorkerCategory[]).map((value) => ({ value, label: WORKER_CATEGORIES[value] }));
const { shape } = transferInputSchema;

type Errors = Partial<Record<'orgId' | 'employer' | 'category' | 'form', string>>;

function TransferForm({ m }: { m: MyMembership }) {
  const router = useRouter();
  const presetId = safeDecode(router.params.orgId);
  const presetName = safeDecode(router.params.orgName);
  // The union picked on the join form comes by id and name only (its kind is shown once picked here).
  const [org, setOrg] = useState<{ id: string; name: string; row?: PickableOrg } | null>(
    presetId && presetName && presetId !== m.orgId ? { id: presetId, name: presetName } : null,
  );
  const [picking, setPicking] = useState(false);
  const [category, setCategory] = useState<WorkerCategory | null>(m.category);
  const [employer, setEmployer] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const search = useOrgSearch(picking);
  const suggestions = (category && EMPLOYERS_BY_CATEGORY[category]) || [];

  async function submit() {
    const next: Errors = {
      orgId: org ? undefined : '请选择要转入的工会',
      category: issueOf(shape.category, category ?? undefined),
      employer: issueOf(shape.employer, employer),
    };
    setErrors(next);
    if (next.orgId || next.category || next.employer || !org || !category) return;
    setBusy(true);
    try {
      await requestTransfer({ orgId: org.id, employer, category });
      void Taro.showToast({ title: '已提交转会申请', icon: 'none', duration: 2000 });
      await Taro.redirectTo({ url: MEMBERSHIP_PAGE });
    } catch (error) {
      const e = toApiError(error);
      const field =
        e.field === 'orgId' || e.code.startsWith('orgs.') || e.code === 'transfers.same_union' ? 'orgId' : e.field === 'employer' ? 'employer' : 'form';
      setErrors({ [field]: e.message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Screen withFooter className="membership">
      <View className="section">
        <View className="card membership__how">
          <View className="membership__how-title">从{m.orgName}转出</View>
          <View className="membership__how-step">1. 选择新工作单位或所在地区的工会，填写新的工作单位。</View>
          <View className="membership__how-step">2. 原工会会收到通知，{TRANSFER_OBJECTION_DAYS}天内可以提出异议；原工会同意转出后可以立即办理。</View>
          <View className="membership__how-step">3. 新工会审核通过后，会籍转入新工会：会员编号、会员卡、预约和券都不变。</View>
        </View>
      </View>

      <View className="section card">
        <FormField label="转入工会" error={errors.orgId} id="transfer-org">
          {org ? (
            <OrgRow
              org={org.row ?? { name: org.name }}
              selected
              action={
                <View className="membership__change" hoverClass="membership__change--pressed" ariaRole="button" onClick={() => setPicking(true)}>
                  更换
                </View>
              }
            />
          ) : (
            <View className="form-field__row membership__picker" hoverClass="form-field__row--pressed" ariaRole="button" onClick={() => setPicking(true)}>
              <View className="form-field__value form-field__value--empty">选择要转入的工会</View>
              <View className="form-field__chevron">选择 ›</View>
            </View>
          )}
        </FormField>

        <FormField label="职业类别" error={errors.category}>
          <Chips
            label="职业类别"
            options={CATEGORY_OPTIONS}
            selected={category}
            onSelect={(c) => {
              setCategory(c);
              setErrors((x) => ({ ...x, category: undefined }));
            }}
          />
        </FormField>

        <FormField label="新工作单位或平台" error={errors.employer}>
          <View className="form-field__row">
            <Input
              className="form-field__input"
              value={employer}
              placeholder="如 京东物流、美团，或公司名称"
              placeholderClass="form-field__placeholder"
              ariaLabel="新工作单位或平台"
              onInput={(e) => {
                setEmployer(e.detail.value);
                setErrors((x) => ({ ...x, employer: undefined }));
              }}
            />
          </View>
          {suggestions.length > 0 ? (
            <View className="membership__suggest">
              <Chips
                label="常见工作单位和平台"
                options={suggestions.map((s) => ({ value: s, label: s }))}
                selected={employer.trim() || null}
                onSelect={(s) => {
                  setEmployer(s);
                  setErrors((x) => ({ ...x, employer: undefined }));
                }}
              />
            </View>
          ) : null}
        </FormField>
      </View>

      <FooterBar>
        {errors.form ? (
          <View className="membership__form-error" ariaRole="alert">
            {errors.form}
          </View>
        ) : null}
        <ActionButton loading={busy} loadingText="正在提交…" onClick={() => void submit()}>
          提交转会申请
        </ActionButton>
      </FooterBar>

      <Sheet open={picking} title="选择转入的工会" onClose={() => setPicking(false)}>
        <OrgPicker
          query={search.query}
          onQuery={search.setQuery}
          placeholder="搜索工会名称，如 快递、八里庄"
          state={search.state}
          onRetry={search.retry}
          excludeId={m.orgId}
          selectedId={org?.id}
          emptyHint="换个关键词试试；找不到可以联系新单位所在的街道工会。"
          onPick={(o) => {
            setOrg({ id: o.id, name: o.name, row: o });
            setPicking(false);
            setErrors((x) => ({ ...x, orgId: undefined, form: undefined }));
          }}
        />
      </Sheet>
    </Screen>
  );
}

/** 申请转会: the union to move to and the new job; waits on the membership to know where from. */
export default function TransferPage() {
  const page = useAuthedRequest(fetchMyMembership, MEMBERSHIP_TRANSFER_PAGE);
  // A transfer already waiting, or a membership that ended: this page has nothing to ask; the membership page says why.
  const m = page.state.status === 'success' ? page.state.data : undefined;
  useEffect(() => {
    if (m && m.status === 'transferring') void Taro.redirectTo({ url: MEMBERSHIP_PAGE });
  }, [m]);

  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后申请转会', description: '请用入会时登记的手机号登录。', returnTo: MEMBERSHIP_TRANSFER_PAGE },
  });
  if (gate) return gate;
  if (page.state.status !== 'success') {
    return (
      <Screen>
        <View className="section">
          <RequestStatus state={page.state} loadingText="正在加载会籍…" errorTitle="会籍加载失败" onRetry={() => void page.run()} />
        </View>
      </Screen>
    );
  }
  if (!m || m.status === 'left') {
    return (
      <Screen>
        <View className="section">
          <EmptyState
            title="这个账号没有会籍可以转"
            description="转会要用入会时登记的手机号登录。还不是会员的，可以直接申请入会。"
            action={<ActionButton onClick={() => openPage(JOIN_PAGE)}>我要入会</ActionButton>}
          />
        </View>
      </Screen>
    );
  }
  if (m.status === 'transferring') {
    return (
      <Screen>
        <View className="section">
          <LoadingState text="已有转会申请在办理，正在打开我的会籍…" />
        </View>
      </Screen>
    );
  }
  return <TransferForm m={m} />;
}
