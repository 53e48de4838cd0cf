import { useRouter } from '@tarojs/taro';
import type { CampaignDrain, MeResponse } from '@union/shared';
import { fetchMe } from '../../../api/auth';
import { campaignDrain } from '../../../api/benefits';
import { pageGate } from '../../../components/PageGate';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { STAFF_CAMPAIGN_NEW_PAGE, safeDecode } from '../../../lib/navigation';
import CreateCampaignForm from './create-form';
import EditCampaignForm from './edit-form';
import { useCampaignFields, useEditCampaign } from './use-campaign-fields';
import { useCreateCampaign, type CampaignUnion } from './use-create-campaign';
import './index.scss';

/** The unions this account may run campaigns for (admin or operator grants), each once. */
function campaignUnions(me: MeResponse): CampaignUnion[] {
  const seen = new Map<string, string>();
  for (const g of me.grants) if ((g.role === 'admin' || g.role === 'operator') && !seen.has(g.orgId)) seen.set(g.orgId, g.orgName);
  return [...seen].map(([orgId, orgName]) => ({ orgId, orgName }));
}

/**
 * 创建福利活动, or with `?id=` 修改福利活动: the same fields, prefilled, offering only what may change once created
 * (name, description, end, total). Kind, per-member limit, eligibility, places and code rules are shown, not editable.
 * Both forms' state lives here, above the sign-in gate, so a failed reload and 重试 keep what was typed.
 */
export default function NewCampaignPage() {
  const router = useRouter();
  const editId = safeDecode(router.params.id) ?? '';
  const editing = editId !== '';
  const here = editing ? `${STAFF_CAMPAIGN_NEW_PAGE}?id=${encodeURIComponent(editId)}` : STAFF_CAMPAIGN_NEW_PAGE;
  const me = useAuthedRequest(async () => ({ me: await fetchMe(), campaign: editing ? await campaignDrain(editId) : null }), here);

  const unions = me.state.status === 'success' ? campaignUnions(me.state.data.me) : [];
  const original: CampaignDrain | null = me.state.status === 'success' ? me.state.data.campaign : null;
  const fields = useCampaignFields();
  const create = useCreateCampaign(fields, unions, me.signedIn && me.state.status === 'success' && !editing);
  const edit = useEditCampaign(fields, original);

  const gate = pageGate({
    signedIn: me.signedIn,
    state: me.state,
    onRetry: () => void me.run(),
    signedOut: { title: editing ? '登录后修改福利活动' : '登录后创建福利活动', description: '使用工会管理员或运营人员的手机号登录。', returnTo: here },
    noUnions: unions.length === 0,
    noUnionsText: { title: '没有创建福利活动的权限', description: '创建福利活动需要工会管理员或运营人员权限，请联系上级工会开通。' },
  });
  if (gate) return gate;
  if (original) return <EditCampaignForm campaign={original} fields={fields} edit={edit} />;
  return <CreateCampaignForm fields={fields} create={create} unions={unions} />;
}
