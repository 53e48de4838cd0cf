import { useRef, useState } from 'react';
import { Input, View } from '@tarojs/components';
import { checkIdNumber, normalizeIdNumber, type Application } from '@union/shared';
import { readIdCard } from '../../api/applications';
import { toApiError } from '../../api/errors';
import FormField from '../../components/FormField';
import { formatBirthDate } from '../../lib/beijing-time';
import { fileToJpegBase64, takeIdPhotoWeapp } from '../../lib/id-photo';
import { ID_INPUT, NAME_INPUT, NEEDS_X_KEY, groupIdNumber, ungroupIdNumber } from '../../lib/input-kinds';
import { GENDER_LABELS } from '../../lib/labels';
import type { JoinForm } from './use-join-form';

/** 拍身份证, 姓名 and 身份证号, with the gender and birth date the number gives. */
export default function IdentityFields({ join, correcting }: { join: JoinForm; correcting?: Application }) {
  const { form, errors, touched, update, blur } = join;
  // 拍身份证: reading, what came back (to confirm), or why it did not.
  const [ocr, setOcr] = useState<{ status: 'idle' | 'reading' | 'read' | 'error'; message?: string }>({ status: 'idle' });
  const photoInput = useRef<HTMLInputElement | null>(null);
  // The shared validator also reads gender and birth date from the number.
  const idCheck = checkIdNumber(form.idNumber);

  async function readPhoto(take: () => Promise<string | null>) {
    setOcr({ status: 'reading' });
    try {
      const image = await take();
      if (!image) {
        setOcr({ status: 'idle' });
        return;
      }
      const read = await readIdCard(image);
      update({ name: read.name, idNumber: read.idNumber }, ['name', 'idNumber']);
      setOcr({ status: 'read', message: '已识别，请核对姓名和身份证号，有误可直接修改' });
    } catch (error) {
      setOcr({ status: 'error', message: toApiError(error).message });
    }
  }

  return (
    <>
      <View className="join__ocr">
        <View
          className={`join__ocr-button ${ocr.status === 'reading' ? 'join__ocr-button--busy' : ''}`}
          hoverClass="join__ocr-button--pressed"
          ariaRole="button"
          onClick={() => {
            if (ocr.status === 'reading') return;
            if (process.env.TARO_ENV === 'h5') photoInput.current?.click();
            else void readPhoto(takeIdPhotoWeapp);
          }}
        >
          {ocr.status === 'reading' ? '正在识别…' : '拍身份证，自动填写'}
        </View>
        {process.env.TARO_ENV === 'h5' ? (
          <input
            ref={photoInput}
            className="join__ocr-file"
            type="file"
            accept="image/*"
            capture="environment"
            aria-label="拍身份证"
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              const file = input.files?.[0];
              input.value = '';
              if (file) void readPhoto(() => fileToJpegBase64(file));
            }}
          />
        ) : null}
        <View className={`join__ocr-note ${ocr.status === 'error' ? 'join__ocr-note--error' : ''}`} ariaRole={ocr.status === 'error' ? 'alert' : undefined}>
          {ocr.message ?? '拍人像面，照片只用来识别，不保存'}
        </View>
      </View>
      <FormField label="姓名" error={errors.name} id="join-name">
        <View className="form-field__row">
          <Input
            className="form-field__input"
            {...NAME_INPUT}
            placeholder="与身份证上一致"
            placeholderClass="form-field__placeholder"
            value={form.name}
            ariaLabel="姓名"
            onInput={(e) => update({ name: e.detail.value }, touched.name || errors.name ? ['name'] : [])}
            onBlur={() => blur('name')}
          />
        </View>
      </FormField>

      <FormField
        label="身份证号"
        error={errors.idNumber}
        id="join-idNumber"
        help={
          idCheck.ok
            ? undefined
            : correcting && !form.idNumber
              ? '为保护您的信息，身份证号提交后不在手机上保存，请重新输入'
              : NEEDS_X_KEY
                ? '18位，最后一位是X时点右边的X键'
                : '18位，最后一位可能是X'
        }
      >
        <View className="form-field__row">
          <Input
            className="form-field__input join__id-input"
            {...ID_INPUT}
            placeholder="18位身份证号"
            placeholderClass="form-field__placeholder"
            value={groupIdNumber(form.idNumber)}
            ariaLabel="身份证号"
            onInput={(e) => {
              // Shown grouped 6-8-4; kept without the spaces. Full-width digits and a lowercase x
              // become what the contract expects, as they are typed.
              const value = normalizeIdNumber(ungroupIdNumber(e.detail.value));
              // Checked as soon as all 18 characters are in, so a wrong check digit shows before submit.
              update({ idNumber: value }, value.length >= 18 || touched.idNumber || errors.idNumber ? ['idNumber'] : []);
            }}
            onBlur={() => blur('idNumber')}
          />
          {NEEDS_X_KEY ? (
            <View
              className={`join__x-key ${form.idNumber.length === 17 ? 'join__x-key--ready' : ''}`}
              hoverClass="join__x-key--pressed"
              ariaRole="button"
              ariaLabel="输入X"
              onClick={() => {
                if (form.idNumber.length >= 18) return;
                const value = `${form.idNumber}X`;
                update({ idNumber: value }, value.length >= 18 || touched.idNumber ? ['idNumber'] : []);
              }}
            >
              X
            </View>
          ) : null}
        </View>
      </FormField>
      {idCheck.ok ? (
        <View className="join__derived" ariaRole="status">
          <View className="join__derived-item">
            <View className="join__derived-key">性别</View>
            <View className="join__derived-value">{GENDER_LABELS[idCheck.gender]}</View>
          </View>
          <View className="join__derived-item">
            <View className="join__derived-key">出生日期</View>
            <View className="join__derived-value">{formatBirthDate(idCheck.birthDate)}</View>
          </View>
          <View className="join__derived-note">由身份证号自动识别</View>
        </View>
      ) : null}
    </>
  );
}
