import { useEffect, useState, type ReactNode } from 'react';
import { Textarea, View } from '@tarojs/components';
import type { z } from 'zod';
import { checkWith } from '../../lib/validation';
import ActionButton from '../ActionButton';
import Chips from '../Chips';
import Sheet from '../Sheet';
import './index.scss';

interface ReasonSheetProps {
  open: boolean;
  title: string;
  /** Who or what this is about, shown above the reasons. */
  subject?: string;
  /** More to read or choose before the reason (what 退会 takes away, how long to keep a membership). */
  children?: ReactNode;
  /** One-tap reasons; free text is always allowed. */
  quickReasons: readonly string[];
  /** What is asked for, e.g. 驳回原因. */
  label: string;
  /** Who reads the reason, said in the box: 申请人会看到 (驳回), 原因会记入审计日志 (查看身份证号). */
  readBy: string;
  /** The shared contract's rule for the reason (its messages are shown as they are). */
  schema: z.ZodType<string>;
  confirmText: string;
  busyText: string;
  /** The action is being sent; absent where it is held for 撤销 instead (驳回), so the sheet never waits. */
  busy?: boolean;
  /** The server's answer when the action failed. */
  error?: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** Asks for a reason before a recorded action: reject an application, reveal a full ID number, 退会, object to a transfer. */
export default function ReasonSheet(props: ReasonSheetProps) {
  const { open, title, subject, children, quickReasons, label, readBy, schema, confirmText, busyText, busy, error, onConfirm, onClose } = props;
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string>();

  useEffect(() => {
    if (open) {
      setReason('');
      setInvalid(undefined);
    }
  }, [open]);

  function confirm() {
    const result = checkWith(schema, reason);
    if (!result.ok) {
      setInvalid(result.message);
      return;
    }
    onConfirm(result.value);
  }

  return (
    <Sheet
      open={open}
      title={title}
      onClose={onClose}
      footer={
        <ActionButton loading={busy} loadingText={busyText} onClick={confirm}>
          {confirmText}
        </ActionButton>
      }
    >
      {subject ? <View className="reason-sheet__subject">{subject}</View> : null}
      {children}
      <View className="reason-sheet__label">常用原因</View>
      <Chips
        label={label}
        options={quickReasons.map((r) => ({ value: r, label: r }))}
        selected={reason}
        onSelect={(r) => {
          setReason(r);
          setInvalid(undefined);
        }}
      />
      <View className="reason-sheet__label">或自己填写</View>
      <View className={`reason-sheet__box ${invalid ? 'reason-sheet__box--error' : ''}`}>
        <Textarea
          className="reason-sheet__input"
          value={reason}
          maxlength={200}
          placeholder={`请填写${label}，${readBy}`}
          placeholderClass="reason-sheet__placeholder"
          ariaLabel={label}
          onInput={(e) => {
            setReason(e.detail.value);
            setInvalid(undefined);
          }}
        />
      </View>
      {invalid || error ? (
        <View className="reason-sheet__error" ariaRole="alert">
          {invalid ?? error}
        </View>
      ) : null}
    </Sheet>
  );
}
