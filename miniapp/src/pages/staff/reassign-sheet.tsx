import { useEffect, useState } from 'react';
import { Textarea, View } from '@tarojs/components';
import { reassignInputSchema, type Org, type StaffApplication } from '@union/shared';
import ActionButton from '../../components/ActionButton';
import Chips from '../../components/Chips';
import OrgPicker, { OrgRow } from '../../components/OrgPicker';
import Sheet from '../../components/Sheet';
import { useOrgSearch } from '../../hooks/use-org-search';
import { checkWith } from '../../lib/validation';

export const REASSIGN_REASONS = ['不属于本街道', '应由行业工会受理', '工作区域填写有误'] as const;

interface ReassignSheetProps {
  /** The application to move; null closes the sheet. */
  item: StaffApplication | null;
  busy: boolean;
  /** The server's answer when the reassignment failed. */
  error?: string;
  onConfirm: (org: Org, reason: string) => void;
  onClose: () => void;
}

/** 转交: pick another union that takes applications, say why, confirm. */
export default function ReassignSheet({ item, busy, error, onConfirm, onClose }: ReassignSheetProps) {
  const open = item !== null;
  const [target, setTarget] = useState<Org | null>(null);
  const search = useOrgSearch(open && !target);
  const { setQuery } = search;
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<{ org?: string; reason?: string }>({});

  // A fresh sheet for each application (`open` changes only with item?.id, and setQuery is a state setter).
  useEffect(() => {
    if (!open) return;
    setQuery('');
    setTarget(null);
    setReason('');
    setInvalid({});
  }, [item?.id, open, setQuery]);

  function confirm() {
    // The shared contract's rules and words for the reason; the server checks the same.
    const checked = checkWith(reassignInputSchema.shape.reason, reason);
    setInvalid({ org: target ? undefined : '请选择要转交的工会', reason: checked.ok ? undefined : checked.message });
    if (!target || !checked.ok) return;
    onConfirm(target, checked.value);
  }

  return (
    <Sheet
      open={open}
      title="转交给其他工会"
      onClose={onClose}
      footer={
        <ActionButton loading={busy} loadingText="正在转交…" onClick={confirm}>
          确认转交
        </ActionButton>
      }
    >
      {item ? (
        <View className="reason-sheet__subject">
          {item.name} · {item.employer}，当前由 {item.orgName} 受理。转交后由对方工会审核，申请人无需重新提交。
        </View>
      ) : null}

      <View className="reason-sheet__label">转交给</View>
      {target ? (
        <OrgRow
          org={target}
          selected
          action={
            <View
              className="org-option__change"
              hoverClass="org-option__change--pressed"
              ariaRole="button"
              ariaLabel="更换工会"
              onClick={() => setTarget(null)}
            >
              更换
            </View>
          }
        />
      ) : (
        <OrgPicker
          query={search.query}
          onQuery={search.setQuery}
          placeholder="搜索工会名称，如 快递、中关村"
          state={search.state}
          onRetry={search.retry}
          onPick={(org) => {
            setTarget(org);
            setInvalid((v) => ({ ...v, org: undefined }));
          }}
          excludeId={item?.orgId}
          emptyHint="换个关键词试试，如区名、街道名或行业。"
          error={invalid.org}
        />
      )}

      <View className="reason-sheet__label">转交原因</View>
      <Chips
        label="转交原因"
        options={REASSIGN_REASONS.map((r) => ({ value: r, label: r }))}
        selected={reason}
        onSelect={(r) => {
          setReason(r);
          setInvalid((v) => ({ ...v, reason: undefined }));
        }}
      />
      <View className={`reason-sheet__box reassign__reason ${invalid.reason ? 'reason-sheet__box--error' : ''}`}>
        <Textarea
          className="reason-sheet__input"
          value={reason}
          maxlength={200}
          placeholder="或自己填写转交原因，对方工会会看到"
          placeholderClass="reason-sheet__placeholder"
          ariaLabel="转交原因"
          onInput={(e) => {
            setReason(e.detail.value);
            setInvalid((v) => ({ ...v, reason: undefined }));
          }}
        />
      </View>
      {invalid.reason || error ? (
        <View className="reason-sheet__error" ariaRole="alert">
          {invalid.reason ?? error}
        </View>
      ) : null}
    </Sheet>
  );
}
