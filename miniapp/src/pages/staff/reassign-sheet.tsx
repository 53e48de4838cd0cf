import { useEffect, useRef, useState } from 'react';
import { Input, Textarea, View } from '@tarojs/components';
import { ORG_KIND_LABELS, checkPlainText, type Org, type StaffApplication } from '@union/shared';
import { listOrgs } from '../../api/orgs';
import ActionButton from '../../components/ActionButton';
import Chips from '../../components/Chips';
import Sheet from '../../components/Sheet';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { useRequest } from '../../hooks/use-request';

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
  const [q, setQ] = useState('');
  const query = useRef('');
  const orgs = useRequest(() => listOrgs({ q: query.current || undefined, limit: 30 }));
  const [target, setTarget] = useState<Org | null>(null);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<{ org?: string; reason?: string }>({});

  useEffect(() => {
    if (!open) return;
    setQ('');
    setTarget(null);
    setReason('');
    setInvalid({});
  }, [item?.id]);

  useEffect(() => {
    if (!open || target) return undefined;
    query.current = q.trim();
    const timer = setTimeout(() => void orgs.run({ silent: true }), q ? 300 : 0);
    return () => clearTimeout(timer);
  }, [q, open, target]);

  function confirm() {
    const checked = checkPlainText(reason, '转交原因', 2, 200);
    const next = { org: target ? undefined : '请选择要转交的工会', reason: checked.ok ? undefined : checked.message };
    setInvalid(next);
    if (!target || !checked.ok) return;
    onConfirm(target, checked.text);
  }

  const candidates = orgs.state.status === 'success' ? orgs.state.data.filter((o) => o.id !== item?.orgId) : [];

  return (
    <Sheet
      open={open}
      title='转交给其他工会'
      onClose={onClose}
      footer={
        <ActionButton loading={busy} loadingText='正在转交…' onClick={confirm}>
          确认转交
        </ActionButton>
      }
    >
      {item ? (
        <View className='reason-sheet__subject'>
          {item.name} · {item.employer}，当前由 {item.orgName} 受理。转交后由对方工会审核，申请人无需重新提交。
        </View>
      ) : null}

      <View className='reason-sheet__label'>转交给</View>
      {target ? (
        <View className='union-pick union-pick--on reassign__target'>
          <View className='union-pick__main'>
            <View className='union-pick__name'>{target.name}</View>
            <View className='tag tag--info'>{ORG_KIND_LABELS[target.kind]}</View>
          </View>
          <View
            className='union-pick__change'
            hoverClass='union-pick__change--pressed'
            ariaRole='button'
            ariaLabel='更换工会'
            onClick={() => setTarget(null)}
          >
            更换
          </View>
        </View>
      ) : (
        <>
          <View className={`reason-sheet__box reassign__search ${invalid.org ? 'reason-sheet__box--error' : ''}`}>
            <Input
              className='reassign__input'
              placeholder='搜索工会名称，如 快递、中关村'
              placeholderClass='reason-sheet__placeholder'
              value={q}
              confirmType='search'
              ariaLabel='搜索工会'
              onInput={(e) => setQ(e.detail.value)}
            />
          </View>
          {invalid.org ? (
            <View className='reason-sheet__error' ariaRole='alert'>
              {invalid.org}
            </View>
          ) : null}
          <View className='reassign__list'>
            {orgs.state.status === 'idle' || orgs.state.status === 'loading' ? <LoadingState text='正在加载工会…' /> : null}
            {orgs.state.status === 'error' ? (
              <ErrorState title='工会列表加载失败' message={orgs.state.error.message} onRetry={() => void orgs.run()} />
            ) : null}
            {orgs.state.status === 'success' && candidates.length === 0 ? (
              <EmptyState title='没有找到这个工会' description='换个关键词试试，如区名、街道名或行业。' />
            ) : null}
            {candidates.map((org) => (
              <View
                key={org.id}
                className='union-pick'
                hoverClass='union-pick--pressed'
                ariaRole='button'
                onClick={() => {
                  setTarget(org);
                  setInvalid((v) => ({ ...v, org: undefined }));
                }}
              >
                <View className='union-pick__main'>
                  <View className='union-pick__name'>{org.name}</View>
                  <View className='tag tag--info'>{ORG_KIND_LABELS[org.kind]}</View>
                </View>
              </View>
            ))}
          </View>
        </>
      )}

      <View className='reason-sheet__label'>转交原因</View>
      <Chips
        label='转交原因'
        options={REASSIGN_REASONS.map((r) => ({ value: r, label: r }))}
        selected={reason}
        onSelect={(r) => {
          setReason(r);
          setInvalid((v) => ({ ...v, reason: undefined }));
        }}
      />
      <View className={`reason-sheet__box reassign__reason ${invalid.reason ? 'reason-sheet__box--error' : ''}`}>
        <Textarea
          className='reason-sheet__input'
          value={reason}
          maxlength={200}
          placeholder='或自己填写转交原因，对方工会会看到'
          placeholderClass='reason-sheet__placeholder'
          ariaLabel='转交原因'
          onInput={(e) => {
            setReason(e.detail.value);
            setInvalid((v) => ({ ...v, reason: undefined }));
          }}
        />
      </View>
      {invalid.reason || error ? (
        <View className='reason-sheet__error' ariaRole='alert'>
          {invalid.reason ?? error}
        </View>
      ) : null}
    </Sheet>
  );
}
