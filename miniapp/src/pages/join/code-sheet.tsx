import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { toApiError } from '../../api/errors';
import { getEvent } from '../../api/events';
import ActionButton from '../../components/ActionButton';
import FormField from '../../components/FormField';
import Sheet from '../../components/Sheet';
import { webInputAttrs } from '../../lib/input-kinds';

interface CodeSheetProps {
  open: boolean;
  onClose: () => void;
  /** A code the server knows a stall event by. */
  onApplied: (code: string) => void;
}

/** 活动码: typed from the stall's board by a worker whose phone cannot scan; checked with the server first. */
export default function CodeSheet({ open, onClose, onApplied }: CodeSheetProps) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function apply() {
    const code = value.trim().toUpperCase();
    if (!/^[A-Z0-9]{6,16}$/.test(code)) {
      setError('活动码是6到16位字母或数字，见现场展板二维码下方');
      return;
    }
    setBusy(true);
    try {
      await getEvent(code);
      setError(undefined);
      onApplied(code);
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Sheet
      open={open}
      title="输入活动码"
      onClose={onClose}
      footer={
        <ActionButton loading={busy} loadingText="正在查找…" onClick={() => void apply()}>
          确定
        </ActionButton>
      }
    >
      <FormField label="活动码" error={error} help="在现场展板的二维码下方，如 K7M2Q9XA">
        <View className="form-field__row">
          <Input
            className="form-field__input"
            maxlength={16}
            placeholder="6到16位字母或数字"
            placeholderClass="form-field__placeholder"
            value={value}
            ariaLabel="活动码"
            {...webInputAttrs({ autocapitalize: 'characters', autocomplete: 'off', spellcheck: false })}
            onInput={(e) => {
              setValue(e.detail.value.replace(/[^A-Za-z0-9]/g, '').toUpperCase());
              setError(undefined);
            }}
          />
        </View>
      </FormField>
    </Sheet>
  );
}
