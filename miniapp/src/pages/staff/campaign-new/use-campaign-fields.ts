import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { campaignInputSchema, campaignUpdateSchema, type CampaignDrain, type CampaignUpdateInput } from '@union/shared';
import { updateCampaign } from '../../../api/benefits';
import { toApiError } from '../../../api/errors';
import { STAFF_CAMPAIGN_PAGE } from '../../../lib/navigation';
import { issueOf } from '../../../lib/validation';
import { endAfterDay, fieldOf, lastDayOf, numberOrUndefined, type CampaignField } from './campaign-form';

export type CampaignErrors = Partial<Record<CampaignField | 'form', string>>;

/** What both the create and the edit form have: name, description, total, the messages under fields, busy. */
export function useCampaignFields() {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [quota, setQuota] = useState('');
  const [errors, setErrors] = useState<CampaignErrors>({});
  const [busy, setBusy] = useState(false);

  const clear = (field: CampaignField) => setErrors((x) => ({ ...x, [field]: undefined, form: undefined }));
  /** A field's new value: kept, and the message under that field (and the form's) goes. */
  const change =
    <T>(set: (value: T) => void, field: CampaignField) =>
    (value: T) => {
      set(value);
      clear(field);
    };
  /** The server refused: its message under the field it names, or above the button. */
  function refused(error: unknown) {
    const apiError = toApiError(error);
    const field = fieldOf(apiError.field);
    setErrors(field ? { [field]: apiError.message } : { form: apiError.message });
  }

  return { title, setTitle, description, setDescription, quota, setQuota, errors, setErrors, busy, setBusy, clear, change, refused };
}

export type CampaignFields = ReturnType<typeof useCampaignFields>;

/** 修改福利活动: prefilled from the campaign once it loads; only what changed is sent. */
export function useEditCampaign(fields: CampaignFields, original: CampaignDrain | null) {
  const { title, description, quota, setErrors, busy, setBusy, setTitle, setDescription, setQuota } = fields;
  const [lastDay, setLastDay] = useState<string | null>(null);
  const prefilled = useRef(false);
  useEffect(() => {
    if (!original || prefilled.current) return;
    prefilled.current = true;
    setTitle(original.title);
    setDescription(original.description ?? '');
    setQuota(String(original.quota));
    void Taro.setNavigationBarTitle({ title: '修改福利活动' });
  }, [original, setTitle, setDescription, setQuota]);

  /** Sends only what changed; the server keeps the quota at or above what has been claimed. */
  async function save(c: CampaignDrain) {
    if (busy) return;
    const { shape } = campaignUpdateSchema;
    const changes: CampaignUpdateInput = {};
    if (title.trim() !== c.title) changes.title = title.trim();
    if (description.trim() !== (c.description ?? '')) changes.description = description;
    const total = numberOrUndefined(quota);
    if (total !== c.quota) changes.quota = total;
    if (lastDay !== null && lastDay !== lastDayOf(c.endsAt)) changes.endsAt = endAfterDay(lastDay).toISOString();
    const next: CampaignErrors = {
      title: changes.title === undefined ? undefined : issueOf(shape.title, changes.title),
      description: changes.description === undefined ? undefined : issueOf(shape.description, changes.description),
      // Required here as at creation: a cleared field is an error, not "unchanged".
      quota: issueOf(campaignInputSchema.shape.quota, total),
    };
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    if (Object.keys(changes).length === 0) {
      await Taro.navigateBack().catch(() => Taro.redirectTo({ url: `${STAFF_CAMPAIGN_PAGE}?id=${c.id}` }));
      return;
    }
    setBusy(true);
    try {
      await updateCampaign(c.id, changes);
      void Taro.showToast({ title: '已保存修改', icon: 'success' });
      await Taro.navigateBack().catch(() => Taro.redirectTo({ url: `${STAFF_CAMPAIGN_PAGE}?id=${c.id}` }));
    } catch (error) {
      fields.refused(error);
    } finally {
      setBusy(false);
    }
  }

  return { lastDay, setLastDay, save };
}

export type EditCampaign = ReturnType<typeof useEditCampaign>;
